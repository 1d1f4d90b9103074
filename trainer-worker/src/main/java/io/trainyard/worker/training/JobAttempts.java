package io.trainyard.worker.training;

import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a start command still has work to do, judged by the artifact store all workers share. Commands are
 * delivered at least once and every worker reads all of them, so one may come back after its job has moved on:
 * redelivered after a broker outage kept its offset from being committed, or replayed by a worker restarted
 * under its id after the job was requeued to another worker. Each worker records the attempt it starts as a
 * marker {@code models/<jobId>/attempts/<n>} (holding the worker's id) in the job's model folder. A finished
 * job's outcome is stored there too ({@link JobOutcomes}): a command for it reports that outcome again instead
 * of training, whatever its attempt, so that the job ends even when the worker that finished it died before
 * its outcome was sent.
 *
 * <p>One listing of the folder answers these questions. When the store cannot be read the command runs as it
 * would have without this check: its training needs the store anyway and reports what goes wrong.
 */
@ApplicationScoped
public class JobAttempts {
    static final String ATTEMPTS = "attempts/";
    private static final Logger LOG = Logger.getLogger(JobAttempts.class);

    private final ArtifactStore store;
    private final JobOutcomes outcomes;
    private final String workerId;

    @Inject
    public JobAttempts(LocalArtifacts artifacts, JobOutcomes outcomes, WorkerConfig config) {
        this(artifacts.store(), outcomes, config.worker().id());
    }

    JobAttempts(ArtifactStore store, JobOutcomes outcomes, String workerId) {
        this.store = store;
        this.outcomes = outcomes;
        this.workerId = workerId;
    }

    /**
     * What to do with a start command: train it ({@link #train()}), skip it without a word ({@code stale}: a later
     * attempt of the job started), or report the job's stored outcome again ({@code finished}).
     */
    public record Claim(String stale, JobOutcome finished) {
        static Claim train() {
            return new Claim(null, null);
        }

        public boolean trains() {
            return stale == null && finished == null;
        }
    }

    /**
     * Records the attempt as started here unless the job is finished or the command stale. Reads the store: call
     * it on a blocking thread.
     *
     * @param attempt the command's {@code attempt}; null (a command without one) is only checked for an outcome
     */
    public Claim claim(UUID jobId, Integer attempt) {
        String folder = ModelArtifactStore.folder(jobId);
        List<String> keys;
        try {
            keys = store.list(folder);
        } catch (ArtifactStoreException e) {
            LOG.warnf("job %s: could not read %s to tell a stale command (%s); training as asked", jobId,
                    store.uri(folder), e.getMessage());
            return Claim.train();
        }
        if (keys.contains(JobOutcomes.key(jobId))) {
            Optional<JobOutcome> finished = outcomes.read(jobId);
            if (finished.isPresent()) {
                return new Claim(null, finished.get());
            }
        }
        if (attempt == null) {
            return Claim.train();
        }
        int highest = keys.stream().filter(k -> k.startsWith(folder + ATTEMPTS))
                .map(k -> k.substring(folder.length() + ATTEMPTS.length())).filter(n -> n.matches("\\d{1,9}"))
                .mapToInt(Integer::parseInt).max().orElse(0);
        if (highest > attempt) {
            return new Claim("attempt " + highest + " of the job has started since", null);
        }
        try {
            store.put(folder + ATTEMPTS + attempt, workerId.getBytes(StandardCharsets.UTF_8));
        } catch (ArtifactStoreException e) {
            LOG.warnf("job %s: could not record attempt %d (%s); training anyway", jobId, attempt, e.getMessage());
        }
        return Claim.train();
    }
}
