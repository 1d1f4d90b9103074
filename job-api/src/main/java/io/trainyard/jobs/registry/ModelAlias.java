package io.trainyard.jobs.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A movable name for one version, such as {@code champion}. */
@Entity
@Table(name = "model_alias")
public class ModelAlias extends PanacheEntityBase {

    /** (tenant, model name, alias). */
    @Embeddable
    public record Key(String tenant, String name, String alias) implements Serializable {
        public Key(RegisteredModel.Key model, String alias) {
            this(model.tenant(), model.name(), alias);
        }
    }

    @EmbeddedId
    public Key key;
    public int version;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
