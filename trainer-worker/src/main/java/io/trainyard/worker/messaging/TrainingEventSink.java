package io.trainyard.worker.messaging;

import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.OpenLineage;

import java.util.concurrent.CompletableFuture;

/** Where a job's events go; each future completes once the event is durably delivered. */
public interface TrainingEventSink {

    CompletableFuture<Void> progress(JobProgressEvent event);

    CompletableFuture<Void> epochMetrics(EpochMetricsEvent event);

    CompletableFuture<Void> lineage(OpenLineage.RunEvent event);

    CompletableFuture<Void> log(JobLogEvent event);
}
