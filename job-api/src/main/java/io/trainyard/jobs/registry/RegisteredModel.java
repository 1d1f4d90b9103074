package io.trainyard.jobs.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A model name in the registry; its row is locked to hand out the next version number. */
@Entity
@Table(name = "registered_model")
public class RegisteredModel extends PanacheEntityBase {
    @Id
    public String name;
    @Column(name = "latest_version")
    public int latestVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
