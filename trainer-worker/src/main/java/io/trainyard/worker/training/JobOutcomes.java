package io.trainyard.worker.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.worker.artifacts.LocalArtifacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;

/**
 * The finished jobs' outcomes, as {@code models/<jobId>/outcome.json} in the artifact store all workers share:
 * whichever worker gets a command for a finished job (redelivered, replayed, or the requeue of a job whose
 * worker died between storing its outcome and sending it) reports that outcome. Blocking: call it on a
 * training thread.
 */
@ApplicationScoped
public class JobOutcomes {
    static final String FILE_NAME = "outcome.json";
    private static final Logger LOG = Logger.getLogger(JobOutcomes.class);

    private final ArtifactStore store;
    private final ObjectMapper json;

    @Inject
    public JobOutcomes(LocalArtifacts artifacts, ObjectMapper json) {
        this(artifacts.store(), json);
    }

    JobOutcomes(ArtifactStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    static String key(UUID jobId) {
        return ModelArtifactStore.folder(jobId) + FILE_NAME;
    }

    /**
     * Records the outcome before it is sent. A store that cannot be written is logged, not fatal: the events
     * still go out, and only a command that comes back later would train the job again.
     */
    void store(JobOutcome outcome) {
        try {
            store.put(key(outcome.jobId()), json.writeValueAsBytes(outcome));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ArtifactStoreException e) {
            LOG.warnf("job %s: could not store its outcome (%s); a command that comes back would train it again",
                    outcome.jobId(), e.getMessage());
        }
    }

    /** The stored outcome; empty when there is none, or when it cannot be read (the job is then trained again). */
    Optional<JobOutcome> read(UUID jobId) {
        try {
            return Optional.of(json.readValue(store.read(key(jobId)), JobOutcome.class));
        } catch (ArtifactStoreException.NotFound e) {
            return Optional.empty();
        } catch (ArtifactStoreException | IOException e) {
            LOG.warnf("job %s: its stored outcome %s cannot be read (%s); training it again", jobId,
                    store.uri(key(jobId)), e.getMessage());
            return Optional.empty();
        }
    }
}
