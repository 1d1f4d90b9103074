package io.trainyard.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Everything under {@code trainyard.*} the worker reads, but the artifact store ({@code ArtifactStoreConfig});
 * topics live in the messaging channel config.
 */
@ConfigMapping(prefix = "trainyard")
public interface WorkerConfig {

    Worker worker();

    Inference inference();

    interface Worker {
        /** {@code auto} trains on the first GPU when libtorch sees one, {@code cpu} forces the CPU. */
        @WithDefault("auto")
        DeviceChoice device();

        /** Longest gap between two {@code running} events inside a long epoch. */
        @WithDefault("2s")
        Duration progressInterval();

        /**
         * Names this worker instance in its heartbeats and in the start commands addressed to it; unique per
         * instance. A stable id (a StatefulSet pod name) lets a restarted worker pick up the commands it had
         * not finished; a fresh one leaves them to the scheduler, which requeues a silent worker's jobs.
         */
        String id();

        /** Jobs this worker trains at the same time; its heartbeats offer this many slots to the scheduler. */
        @WithDefault("1")
        int maxConcurrentJobs();

        /** How often the worker says it is alive (capacity and utilisation in the API's stats). */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /**
         * On shutdown (SIGTERM), how long the worker waits for its running jobs to checkpoint at their next batch
         * and be handed back to the queue. Keep it below the pod's termination grace period.
         */
        @WithDefault("60s")
        Duration drainTimeout();

        Cancellations cancellations();

        Checkpoints checkpoints();

        EngineThreads engine();
    }

    /** PyTorch's CPU thread pools, per process ({@code DjlEngines.Threads} says why one each by default). */
    interface EngineThreads {
        /** Threads one operator of a job may use; each concurrent job has its own. */
        @WithDefault("1")
        int intraOpThreads();

        /** Threads running independent operators at once. */
        @WithDefault("1")
        int interOpThreads();
    }

    interface Checkpoints {
        /** Periodic checkpoints kept per job (the newest ones); older ones are deleted as new ones are written. */
        @WithDefault("3")
        int keep();

        /** A succeeded job's checkpoints are of no further use: delete them once the outcome is reported. */
        @WithDefault("true")
        boolean deleteOnSuccess();
    }

    interface Inference {
        /** Loaded models kept in memory for the prediction endpoint, least recently used dropped first. */
        @WithDefault("8")
        int cacheSize();
    }

    interface Cancellations {
        /** Cancels for jobs not (yet) seen here are remembered, but only this many, oldest dropped first. */
        @WithDefault("10000")
        int maxEntries();

        /** ... and only this long: a start command older than that would long be superseded anyway. */
        @WithDefault("24h")
        Duration ttl();
    }

    enum DeviceChoice {
        AUTO, CPU
    }
}
