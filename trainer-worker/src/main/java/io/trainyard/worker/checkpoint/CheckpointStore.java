package io.trainyard.worker.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.support.files.ArtifactFiles;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.training.CheckpointState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checkpoints in the artifact store: {@code <dir>/checkpoints/<jobId>/epoch-<n>/} holds
 * {@code weights.params} (the weights at the checkpoint), {@code best.params} (the best epoch's weights,
 * once an epoch finished) and {@code checkpoint.json} (see {@link CheckpointManifest}). A checkpoint is
 * written into a staging directory and moved into place in one step, so a reader never sees half of one.
 * Its {@link CheckpointRef} points at {@code checkpoint.json}, with that file's SHA-256.
 */
@ApplicationScoped
public class CheckpointStore {
    public static final String WEIGHTS = "weights.params";
    public static final String BEST_WEIGHTS = "best.params";
    private static final Logger LOG = Logger.getLogger(CheckpointStore.class);
    private static final Pattern EPOCH_DIR = Pattern.compile("epoch-(\\d+)");

    private final Path root;
    private final ObjectMapper json;
    private final int keep;

    @Inject
    public CheckpointStore(WorkerConfig config, ObjectMapper json) {
        this(config.artifacts().dir(), json, config.worker().checkpoints().keep());
    }

    public CheckpointStore(Path artifactsDir, ObjectMapper json, int keep) {
        this.root = artifactsDir.toAbsolutePath().normalize().resolve("checkpoints");
        this.json = json;
        this.keep = Math.max(1, keep);
    }

    public Path jobDirectory(UUID jobId) {
        return root.resolve(jobId.toString());
    }

    /** Writes a checkpoint of the job; periodic ones beyond the newest {@code keep} are deleted afterwards. */
    public CheckpointRef save(UUID jobId, ModelFamily family, Hyperparameters hyperparameters, CheckpointState state)
            throws IOException {
        Path jobDir = Files.createDirectories(jobDirectory(jobId));
        Path target = jobDir.resolve("epoch-" + state.epoch());
        Path staging = Files.createDirectory(jobDir.resolve(".epoch-" + state.epoch() + ".tmp-" + UUID.randomUUID()));
        try {
            Map<String, CheckpointManifest.FileEntry> files = new LinkedHashMap<>();
            files.put("weights", write(staging, WEIGHTS, state.weights()));
            if (state.bestWeights() != null) {
                files.put("best_weights", write(staging, BEST_WEIGHTS, state.bestWeights()));
            }
            CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION, jobId,
                    state.epoch(), state.reason(), Instant.now(), family.wireName(), hyperparameters.values(family),
                    state.inputWidth(), state.outputs(), new CheckpointManifest.EarlyStopping(state.bestEpoch(),
                            state.bestValLoss(), state.epochsWithoutImprovement()),
                    state.best(), state.last(), state.elapsedTrainingMillis(),
                    new CheckpointManifest.Rng("seed-and-epoch", hyperparameters.seed(), state.epoch() + 1), files);
            json.writerWithDefaultPrettyPrinter().writeValue(staging.resolve(CheckpointManifest.FILE_NAME).toFile(),
                    manifest);
            replace(staging, target);
        } finally {
            ArtifactFiles.deleteRecursively(staging);
        }
        Path manifestFile = target.resolve(CheckpointManifest.FILE_NAME);
        CheckpointRef ref = new CheckpointRef(manifestFile.toUri().toString(), Checksums.sha256(manifestFile),
                state.epoch());
        prune(jobDir, state.epoch());
        return ref;
    }

    /** A checkpoint read back and verified: the manifest, and the state training continues from. */
    public record Loaded(CheckpointManifest manifest, CheckpointState state) {
    }

    /**
     * Reads and verifies the checkpoint a resumed job continues from: the manifest's SHA-256 must be the
     * one in the reference, every params file the one in the manifest, and the checkpoint must belong
     * to the job. The uri may name {@code checkpoint.json} (what this worker reports) or its directory.
     */
    public Loaded load(UUID jobId, CheckpointRef ref) {
        if (ref.uri() == null || ref.sha256() == null) {
            throw new CheckpointException("resume_from needs uri and sha256 of the checkpoint");
        }
        Path file = path(ref.uri());
        if (Files.isDirectory(file)) {
            // The checkpoint directory itself: its manifest is what the checksum covers.
            file = file.resolve(CheckpointManifest.FILE_NAME);
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint not found: " + ref.uri());
        }
        try {
            String actual = Checksums.sha256(file);
            if (!actual.equalsIgnoreCase(ref.sha256().trim())) {
                throw new CheckpointException("checkpoint checksum mismatch: resume_from.sha256 is " + ref.sha256().trim()
                        + " but " + ref.uri() + " has sha256 " + actual
                        + "; the checkpoint was changed after it was reported");
            }
            CheckpointManifest manifest = json.readValue(file.toFile(), CheckpointManifest.class);
            if (manifest.formatVersion() != CheckpointManifest.FORMAT_VERSION) {
                throw new CheckpointException("checkpoint format " + manifest.formatVersion()
                        + " is not supported (this worker reads format " + CheckpointManifest.FORMAT_VERSION + ")");
            }
            if (!jobId.equals(manifest.jobId())) {
                throw new CheckpointException("checkpoint " + ref.uri() + " belongs to job " + manifest.jobId()
                        + ", not to " + jobId);
            }
            if (manifest.epoch() != ref.epoch()) {
                throw new CheckpointException("checkpoint " + ref.uri() + " is at epoch " + manifest.epoch()
                        + " but resume_from.epoch says " + ref.epoch());
            }
            byte[] weights = read(file.getParent(), manifest.files().get("weights"), "weights");
            CheckpointManifest.FileEntry bestEntry = manifest.files().get("best_weights");
            byte[] best = bestEntry == null ? null : read(file.getParent(), bestEntry, "best_weights");
            CheckpointManifest.EarlyStopping es = manifest.earlyStopping();
            CheckpointState state = new CheckpointState(manifest.epoch(), manifest.reason(), weights, best,
                    es.bestEpoch(), es.bestValLoss(), es.epochsWithoutImprovement(), manifest.bestEpochMetrics(),
                    manifest.lastEpochMetrics(), manifest.elapsedTrainingMs(), manifest.inputWidth(),
                    manifest.outputs());
            return new Loaded(manifest, state);
        } catch (IOException e) {
            throw new CheckpointException("could not read checkpoint " + ref.uri() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every checkpoint of the job (once it succeeded they are of no use). */
    public void deleteAll(UUID jobId) {
        try {
            ArtifactFiles.deleteRecursively(jobDirectory(jobId));
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not delete the checkpoints of job %s: %s", jobId, e.getMessage());
        }
    }

    private static CheckpointManifest.FileEntry write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return new CheckpointManifest.FileEntry(name, Checksums.sha256(file), bytes.length);
    }

    private static byte[] read(Path dir, CheckpointManifest.FileEntry entry, String what) throws IOException {
        if (entry == null || entry.file() == null || entry.file().contains("/") || entry.file().contains("\\")) {
            throw new CheckpointException("checkpoint manifest lists no valid " + what + " file");
        }
        Path file = dir.resolve(entry.file());
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint file " + entry.file() + " is missing in " + dir);
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = Checksums.sha256(bytes);
        if (!actual.equalsIgnoreCase(Objects.requireNonNullElse(entry.sha256(), ""))) {
            throw new CheckpointException("checkpoint file " + entry.file() + " has sha256 " + actual
                    + " but the manifest says " + entry.sha256() + "; the checkpoint is corrupt");
        }
        return bytes;
    }

    /** Moves the staged directory into place; an existing checkpoint of the same epoch is replaced. */
    private static void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            ArtifactFiles.deleteRecursively(old);
        }
    }

    private void prune(Path jobDir, int justWritten) {
        try (Stream<Path> dirs = Files.list(jobDir)) {
            List<Path> checkpoints = dirs.filter(p -> EPOCH_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(CheckpointStore::epochOf).reversed()).toList();
            for (Path dir : checkpoints.subList(Math.min(keep, checkpoints.size()), checkpoints.size())) {
                if (epochOf(dir) != justWritten) {
                    ArtifactFiles.deleteRecursively(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not prune the checkpoints in %s: %s", jobDir, e.getMessage());
        }
    }

    private static int epochOf(Path dir) {
        Matcher m = EPOCH_DIR.matcher(dir.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static Path path(String uri) {
        try {
            return ArtifactFiles.path(uri);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("the checkpoint uri " + e.getMessage(), e);
        }
    }
}
