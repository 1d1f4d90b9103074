package io.trainyard.metrics.projection;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.Tenants;
import io.trainyard.support.messaging.BatchProjections.Event;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a batch of new epoch-metric events into the read model with one multi-row upsert, in the transaction
 * that records their ids ({@link io.trainyard.support.messaging.BatchProjections}): an event is either applied
 * and remembered, or neither.
 */
@ApplicationScoped
public class MetricsProjector {
    /**
     * One row per (job, epoch). The arrays travel as 14 parameters whatever the batch's size; the tenant, like the
     * key, stays as first stored.
     */
    private static final String UPSERT = """
            INSERT INTO epoch_metric (job_id, tenant, epoch, total_epochs, train_loss, val_loss, train_accuracy,
                val_accuracy, val_rmse, val_mae, learning_rate, epoch_duration_ms, samples_per_second, recorded_at)
            SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::int[], $5::float8[], $6::float8[],
                $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::int8[], $13::float8[],
                $14::timestamptz[])
            ON CONFLICT (job_id, epoch) DO UPDATE SET total_epochs = excluded.total_epochs,
                train_loss = excluded.train_loss, val_loss = excluded.val_loss,
                train_accuracy = excluded.train_accuracy, val_accuracy = excluded.val_accuracy,
                val_rmse = excluded.val_rmse, val_mae = excluded.val_mae, learning_rate = excluded.learning_rate,
                epoch_duration_ms = excluded.epoch_duration_ms, samples_per_second = excluded.samples_per_second,
                recorded_at = excluded.recorded_at""";

    private record Point(UUID jobId, int epoch) {
    }

    /**
     * Records arrive in partition order and the key is the job id, so the last event of an epoch is the latest
     * report of it: a new id for an epoch (a retrain after a crash) overwrites, in this batch or a later one.
     */
    public Uni<Void> project(SqlConnection connection, List<Event<EpochMetricsEvent>> events) {
        Map<Point, EpochMetricsEvent> latest = new LinkedHashMap<>();
        for (Event<EpochMetricsEvent> event : events) {
            latest.put(new Point(event.payload().jobId(), event.payload().epoch()), event.payload());
        }
        if (latest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery(UPSERT).execute(columns(List.copyOf(latest.values()))).replaceWithVoid();
    }

    private static Tuple columns(List<EpochMetricsEvent> rows) {
        int n = rows.size();
        UUID[] jobIds = new UUID[n];
        String[] tenants = new String[n];
        Integer[] epochs = new Integer[n];
        Integer[] totalEpochs = new Integer[n];
        Double[] trainLoss = new Double[n];
        Double[] valLoss = new Double[n];
        Double[] trainAccuracy = new Double[n];
        Double[] valAccuracy = new Double[n];
        Double[] valRmse = new Double[n];
        Double[] valMae = new Double[n];
        Double[] learningRate = new Double[n];
        Long[] epochDurationMs = new Long[n];
        Double[] samplesPerSecond = new Double[n];
        OffsetDateTime[] recordedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            EpochMetricsEvent e = rows.get(i);
            jobIds[i] = e.jobId();
            tenants[i] = Tenants.orDefault(e.tenant());
            epochs[i] = e.epoch();
            totalEpochs[i] = e.totalEpochs();
            trainLoss[i] = e.trainLoss();
            valLoss[i] = e.valLoss();
            trainAccuracy[i] = e.trainAccuracy();
            valAccuracy[i] = e.valAccuracy();
            valRmse[i] = e.valRmse();
            valMae[i] = e.valMae();
            learningRate[i] = e.learningRate();
            epochDurationMs[i] = e.epochDurationMs();
            samplesPerSecond[i] = e.samplesPerSecond();
            recordedAt[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
        }
        return Tuple.tuple().addArrayOfUUID(jobIds).addArrayOfString(tenants).addArrayOfInteger(epochs)
                .addArrayOfInteger(totalEpochs).addArrayOfDouble(trainLoss).addArrayOfDouble(valLoss)
                .addArrayOfDouble(trainAccuracy).addArrayOfDouble(valAccuracy).addArrayOfDouble(valRmse)
                .addArrayOfDouble(valMae).addArrayOfDouble(learningRate).addArrayOfLong(epochDurationMs)
                .addArrayOfDouble(samplesPerSecond).addArrayOfOffsetDateTime(recordedAt);
    }
}
