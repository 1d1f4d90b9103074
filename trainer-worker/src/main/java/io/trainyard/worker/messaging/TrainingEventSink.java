package io.trainyard.worker.messaging;

import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.OpenLineage;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Where a job's events go; each future completes once the event is durably delivered. Events get a fresh
 * CloudEvents id, or the one given (a stored outcome sent again keeps its ids, so that consumers drop the copy).
 */
public interface TrainingEventSink {

    default CompletableFuture<Void> progress(JobProgressEvent event) {
        return progress(event, UUID.randomUUID().toString());
    }

    CompletableFuture<Void> progress(JobProgressEvent event, String eventId);

    CompletableFuture<Void> epochMetrics(EpochMetricsEvent event);

    default CompletableFuture<Void> lineage(OpenLineage.RunEvent event) {
        return lineage(event, UUID.randomUUID().toString());
    }

    CompletableFuture<Void> lineage(OpenLineage.RunEvent event, String eventId);

    CompletableFuture<Void> log(JobLogEvent event);
}
