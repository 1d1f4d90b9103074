package io.trainyard.worker.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trainyard.worker.training.EpochResult;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code checkpoint.json}, the manifest of one checkpoint directory. The checkpoint's SHA-256 (in
 * {@code CheckpointRef}) is the SHA-256 of this file, and this file holds the SHA-256 of every params
 * file beside it, so one checksum covers the whole checkpoint.
 *
 * @param epoch           finished epochs: training continues with {@code epoch + 1}
 * @param hyperparameters the effective hyperparameters of the run, by their schema names
 * @param reason          {@code pause} or {@code periodic}
 * @param inputWidth      encoded inputs of the network (must match the data on resume)
 * @param outputs         outputs of the network (classes, or 1)
 * @param earlyStopping   the early-stopping state after {@code epoch}
 * @param bestEpochMetrics metrics of the best epoch so far (null before the first finished epoch)
 * @param lastEpochMetrics metrics of epoch {@code epoch} (null for epoch 0)
 * @param elapsedTrainingMs training time of all runs so far, counted against {@code max_runtime_seconds}
 * @param rng             how the random streams continue (they are derived from the seed and the epoch)
 * @param files           {@code weights} (current weights) and, once an epoch finished,
 *                        {@code best_weights}: file name and SHA-256, DJL block parameter streams
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointManifest(int formatVersion, UUID jobId, int epoch, String reason, Instant createdAt,
        String modelFamily, Map<String, Object> hyperparameters, int inputWidth, int outputs,
        EarlyStopping earlyStopping, EpochResult bestEpochMetrics, EpochResult lastEpochMetrics,
        long elapsedTrainingMs, Rng rng, Map<String, FileEntry> files) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "checkpoint.json";

    /** @param bestEpoch 0 while no epoch finished */
    public record EarlyStopping(int bestEpoch, double bestValLoss, int epochsWithoutImprovement) {
    }

    /**
     * @param scheme    {@code seed-and-epoch}: the engine RNG is reseeded from (seed, epoch) before every
     *                  epoch, so nothing but the seed and the next epoch is needed to continue the streams
     */
    public record Rng(String scheme, long seed, int nextEpoch) {
    }

    public record FileEntry(String file, String sha256, long bytes) {
    }
}
