package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** One tag of a job; a table of its own so that the list filters by tag with an index. */
@Entity
@Table(name = "job_tag")
public class JobTag extends PanacheEntityBase {

    /** (job, tag). */
    @Embeddable
    public record Key(@Column(name = "job_id") UUID jobId, String tag) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    public static JobTag of(UUID jobId, String tag) {
        JobTag t = new JobTag();
        t.key = new Key(jobId, tag);
        return t;
    }
}
