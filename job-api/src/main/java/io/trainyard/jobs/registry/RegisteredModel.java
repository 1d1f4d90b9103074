package io.trainyard.jobs.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A model name in the registry; its row is locked to hand out the next version number. */
@Entity
@Table(name = "registered_model")
public class RegisteredModel extends PanacheEntityBase {
    /** (tenant, name): model names are per tenant. */
    @Embeddable
    public record Key(String tenant, String name) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    /** The user who registered its first version: with the tenant's admins, the one who may change it. */
    public String owner;
    @Column(name = "latest_version")
    public int latestVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
