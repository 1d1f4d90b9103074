package io.trainyard.worker.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.support.artifacts.ArtifactKeys;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.artifacts.StoredArtifact;
import io.trainyard.support.files.ArtifactFiles;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.training.CheckpointState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * Checkpoints in the artifact store: {@code checkpoints/<jobId>/epoch-<n>/} holds {@code weights.params} (the
 * weights at the checkpoint), {@code best.params} (the best epoch's weights, once an epoch finished) and
 * {@code checkpoint.json} (see {@link CheckpointManifest}). A checkpoint is written here first, into a staging
 * directory moved into place in one step, then put into the store with its manifest last, so a reader never
 * sees half of one. Its {@link CheckpointRef} is the store URI of {@code checkpoint.json}, with that file's
 * SHA-256. A resume reads it back from the store, not from this worker's files: any worker can continue it.
 */
@ApplicationScoped
public class CheckpointStore {
    public static final String WEIGHTS = "weights.params";
    public static final String BEST_WEIGHTS = "best.params";
    private static final Logger LOG = Logger.getLogger(CheckpointStore.class);
    private static final Pattern EPOCH_DIR = Pattern.compile("epoch-(\\d+)");

    private final LocalArtifacts artifacts;
    private final ArtifactStore store;
    private final ObjectMapper json;
    private final int keep;

    @Inject
    public CheckpointStore(WorkerConfig config, LocalArtifacts artifacts, ObjectMapper json) {
        this(artifacts, json, config.worker().checkpoints().keep());
    }

    public CheckpointStore(LocalArtifacts artifacts, ObjectMapper json, int keep) {
        this.artifacts = artifacts;
        this.store = artifacts.store();
        this.json = json;
        this.keep = Math.max(1, keep);
    }

    /** This worker's folder of the job's checkpoints (with the filesystem store, the store's own). */
    public Path jobDirectory(UUID jobId) {
        return artifacts.localPath(jobFolder(jobId));
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
        String folder = jobFolder(jobId) + target.getFileName() + "/";
        StoredArtifact manifest;
        try {
            for (String name : state.bestWeights() == null ? List.of(WEIGHTS) : List.of(WEIGHTS, BEST_WEIGHTS)) {
                store.put(folder + name, target.resolve(name));
            }
            manifest = store.put(folder + CheckpointManifest.FILE_NAME, target.resolve(CheckpointManifest.FILE_NAME));
        } catch (ArtifactStoreException e) {
            throw new IOException("could not store the checkpoint: " + e.getMessage(), e);
        }
        prune(jobId, state.epoch());
        return new CheckpointRef(manifest.uri(), manifest.sha256(), state.epoch());
    }

    /** A checkpoint read back and verified: the manifest, and the state training continues from. */
    public record Loaded(CheckpointManifest manifest, CheckpointState state) {
    }

    /**
     * Reads and verifies the checkpoint a resumed job continues from, from the store: the manifest's SHA-256
     * must be the one in the reference, every params file the one in the manifest, and the checkpoint must
     * belong to the job. The uri may name {@code checkpoint.json} (what this worker reports) or its folder.
     */
    public Loaded load(UUID jobId, CheckpointRef ref) {
        if (ref.uri() == null || ref.sha256() == null) {
            throw new CheckpointException("resume_from needs uri and sha256 of the checkpoint");
        }
        String key = store.keyOf(ref.uri()).orElseThrow(() -> new CheckpointException("the checkpoint uri "
                + ref.uri() + " is not in this worker's artifact store " + store.location()));
        // The checkpoint folder itself: its manifest is what the checksum covers.
        String manifestKey = ArtifactKeys.name(key).equals(CheckpointManifest.FILE_NAME) ? key
                : key + "/" + CheckpointManifest.FILE_NAME;
        String folder = ArtifactKeys.folder(manifestKey);
        try {
            byte[] manifestBytes = store.read(manifestKey);
            String actual = Checksums.sha256(manifestBytes);
            if (!actual.equalsIgnoreCase(ref.sha256().trim())) {
                throw new CheckpointException("checkpoint checksum mismatch: resume_from.sha256 is " + ref.sha256().trim()
                        + " but " + ref.uri() + " has sha256 " + actual
                        + "; the checkpoint was changed after it was reported");
            }
            CheckpointManifest manifest = json.readValue(manifestBytes, CheckpointManifest.class);
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
            byte[] weights = read(folder, manifest.files().get("weights"), "weights");
            CheckpointManifest.FileEntry bestEntry = manifest.files().get("best_weights");
            byte[] best = bestEntry == null ? null : read(folder, bestEntry, "best_weights");
            CheckpointManifest.EarlyStopping es = manifest.earlyStopping();
            CheckpointState state = new CheckpointState(manifest.epoch(), manifest.reason(), weights, best,
                    es.bestEpoch(), es.bestValLoss(), es.epochsWithoutImprovement(), manifest.bestEpochMetrics(),
                    manifest.lastEpochMetrics(), manifest.elapsedTrainingMs(), manifest.inputWidth(),
                    manifest.outputs());
            return new Loaded(manifest, state);
        } catch (ArtifactStoreException.NotFound e) {
            throw new CheckpointException("checkpoint not found: " + e.getMessage().replace("artifact not found: ", ""));
        } catch (IOException | ArtifactStoreException e) {
            throw new CheckpointException("could not read checkpoint " + ref.uri() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every checkpoint of the job (once it succeeded they are of no use), here and in the store. */
    public void deleteAll(UUID jobId) {
        try {
            store.deleteFolder(jobFolder(jobId));
            ArtifactFiles.deleteRecursively(jobDirectory(jobId));
        } catch (IOException | UncheckedIOException | ArtifactStoreException e) {
            LOG.warnf("could not delete the checkpoints of job %s: %s", jobId, e.getMessage());
        }
    }

    private static CheckpointManifest.FileEntry write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return new CheckpointManifest.FileEntry(name, Checksums.sha256(file), bytes.length);
    }

    private byte[] read(String folder, CheckpointManifest.FileEntry entry, String what) {
        if (entry == null || entry.file() == null || entry.file().contains("/") || entry.file().contains("\\")
                || entry.file().startsWith(".")) {
            throw new CheckpointException("checkpoint manifest lists no valid " + what + " file");
        }
        byte[] bytes;
        try {
            bytes = store.read(folder + entry.file());
        } catch (ArtifactStoreException.NotFound e) {
            throw new CheckpointException("checkpoint file " + entry.file() + " is missing in " + store.uri(folder));
        } catch (ArtifactStoreException.ChecksumMismatch e) {
            throw new CheckpointException("checkpoint file " + entry.file() + " is corrupt: " + e.getMessage());
        }
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

    /** Keeps the newest {@code keep} checkpoints of the job in the store, and here only what the store keeps. */
    private void prune(UUID jobId, int justWritten) {
        String jobFolder = jobFolder(jobId);
        try {
            List<Integer> epochs = store.list(jobFolder).stream().map(k -> k.substring(jobFolder.length()))
                    .map(k -> EPOCH_DIR.matcher(k.substring(0, Math.max(0, k.indexOf('/')))))
                    .filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1))).distinct()
                    .sorted(Comparator.reverseOrder()).toList();
            for (int epoch : epochs.subList(Math.min(keep, epochs.size()), epochs.size())) {
                if (epoch != justWritten) {
                    store.deleteFolder(jobFolder + "epoch-" + epoch + "/");
                    ArtifactFiles.deleteRecursively(jobDirectory(jobId).resolve("epoch-" + epoch));
                }
            }
        } catch (IOException | UncheckedIOException | ArtifactStoreException e) {
            LOG.warnf("could not prune the checkpoints of job %s: %s", jobId, e.getMessage());
        }
    }

    private static String jobFolder(UUID jobId) {
        return "checkpoints/" + jobId + "/";
    }
}
