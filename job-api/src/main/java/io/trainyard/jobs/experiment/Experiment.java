package io.trainyard.jobs.experiment;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A named group of a tenant's runs, to compare them; jobs name it in {@code training_job.experiment_id}. */
@Entity
@Table(name = "experiment")
public class Experiment extends PanacheEntityBase {
    @Id
    public UUID id;
    public String tenant;
    /** The user who created it: with the tenant's admins, the one who may change or delete it. */
    public String owner;
    /** Unique within the tenant; jobs may name the experiment by it. */
    public String name;
    public String description;
    /** Sorted, without repeats. */
    public String[] tags;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    static Experiment of(ExperimentRequest request, String tenant, String owner, Instant now) {
        Experiment e = new Experiment();
        e.id = UUID.randomUUID();
        e.tenant = tenant;
        e.owner = owner;
        e.name = request.name();
        e.description = request.description();
        e.tags = request.tags().toArray(String[]::new);
        e.createdAt = now;
        e.updatedAt = now;
        return e;
    }
}
