package io.trainyard.jobs.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/**
 * Everything under {@code trainyard.*} the job API reads, but the artifact store ({@code ArtifactStoreConfig})
 * and retention ({@code RetentionConfig}).
 * The values (and so the defaults) live in application.properties, where devstack, run-local.sh and
 * deployments override them by the same names. The scheduled intervals ({@code scheduler.interval},
 * {@code outbox.poll-interval}, {@code live.poll-interval}, {@code metrics.refresh-interval},
 * {@code lists.count-fold-interval}) are also read
 * by name in {@code @Scheduled} expressions.
 */
@ConfigMapping(prefix = "trainyard")
public interface JobApiConfig {

    Datasets datasets();

    Models models();

    Outbox outbox();

    Workers workers();

    Scheduler scheduler();

    Live live();

    Metrics metrics();

    Lists lists();

    interface Datasets {
        /** A larger file is a 413; the upload streams, so this bounds the store and the workers, not job-api's heap. */
        long maxBytes();

        int minRows();

        /** More data rows than this is a 413: a worker holds every row, a few bytes per value, while it trains. */
        long maxRows();

        /** More columns than this is a 413: every column becomes at least one input of the network. */
        int maxColumns();
    }

    interface Models {
        /** What a .trainyard bundle may unpack to. */
        long bundleMaxBytes();
    }

    interface Outbox {
        int batchSize();

        Duration pollInterval();
    }

    interface Workers {
        /** A worker unheard of for this long is lost: no capacity, its jobs go back to the queue. */
        Duration timeout();
    }

    interface Scheduler {
        Duration interval();
    }

    interface Live {
        Duration pollInterval();

        Duration keepAlive();

        Duration retention();

        /** How long a live-update ticket (for clients that cannot send a bearer token) may be used. */
        Duration ticketLifetime();
    }

    interface Metrics {
        /** How often the database-wide gauges (jobs per status, queue, outbox, slots) are recounted. */
        Duration refreshInterval();
    }

    interface Lists {
        /**
         * A job list's total with a filter beyond tenant and status is counted among this many of the newest jobs
         * of the tenant (and status), and estimated from them when there are more.
         */
        int estimateSample();

        /** How often the job count changes the database appends are folded into its counts. */
        Duration countFoldInterval();
    }
}
