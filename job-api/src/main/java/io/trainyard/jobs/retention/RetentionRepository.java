package io.trainyard.jobs.retention;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The SQL of the clean-up. Every batch runs in its own transaction under one advisory lock, so two job-api
 * replicas never clean at the same time; rows are taken {@code FOR UPDATE SKIP LOCKED}, so a batch never
 * waits for a row a projection is writing (it goes in a later pass).
 */
@ApplicationScoped
public class RetentionRepository {
    /** pg_try_advisory_xact_lock key: one clean-up batch at a time across all job-api replicas. */
    private static final long LOCK_KEY = 0x7472_6169_6e72_6574L; // "trainret"

    private final Pool pool;

    public RetentionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code batch} in a transaction holding the clean-up lock; empty when another replica holds it. */
    public <T> Uni<Optional<T>> locked(Function<SqlConnection, Uni<T>> batch) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(LOCK_KEY))
                .flatMap(rows -> rows.iterator().next().getBoolean("locked")
                        ? batch.apply(connection).map(Optional::ofNullable)
                        : Uni.createFrom().item(Optional.<T>empty())));
    }

    /**
     * Finished jobs older than their age, oldest first, locked. A job a registered model version came from is
     * never one of them: the version names it, and its configuration is the version's provenance.
     */
    public Uni<List<UUID>> expiredJobs(SqlConnection connection, Instant finishedBefore, Instant failedBefore,
            int limit) {
        return connection.preparedQuery("""
                SELECT j.id FROM training_job j
                 WHERE ((j.status IN ('SUCCEEDED', 'CANCELLED') AND j.finished_at < $1)
                        OR (j.status = 'FAILED' AND j.finished_at < $2))
                   AND NOT EXISTS (SELECT 1 FROM model_version v WHERE v.job_id = j.id)
                 ORDER BY j.finished_at, j.id
                 LIMIT $3
                 FOR UPDATE OF j SKIP LOCKED""")
                .execute(Tuple.of(utc(finishedBefore), utc(failedBefore), limit))
                .map(rows -> ids(rows, "id"));
    }

    /** Of these jobs, those whose model folder a registered model version points into (its files stay). */
    public Uni<Set<UUID>> modelFoldersInUse(SqlConnection connection, List<UUID> jobIds) {
        return connection.preparedQuery("""
                SELECT DISTINCT u.id FROM unnest($1::uuid[]) AS u(id)
                  JOIN model_version v ON v.artifact_uri LIKE '%/models/' || u.id || '/%'""")
                .execute(Tuple.of(jobIds.toArray(UUID[]::new)))
                .map(rows -> new HashSet<>(ids(rows, "id")));
    }

    /** Removes the jobs and what hangs off them; jobs retried from them no longer name them. */
    public Uni<Void> deleteJobs(SqlConnection connection, List<UUID> jobIds) {
        Tuple ids = Tuple.of(jobIds.toArray(UUID[]::new));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String statement : List.of(
                "DELETE FROM job_tag WHERE job_id = ANY($1)",
                "DELETE FROM job_event WHERE job_id = ANY($1)",
                "DELETE FROM job_log WHERE job_id = ANY($1)",
                "DELETE FROM live_event WHERE job_id = ANY($1)",
                "UPDATE training_job SET retry_of = NULL WHERE retry_of = ANY($1)",
                "DELETE FROM training_job WHERE id = ANY($1)")) {
            chain = chain.chain(() -> connection.preparedQuery(statement).execute(ids).replaceWithVoid());
        }
        return chain;
    }

    /** Log lines logged before the instant, up to {@code limit}; returns how many went. */
    public Uni<Integer> deleteLogLines(SqlConnection connection, Instant before, int limit) {
        return deleteOldest(connection, "job_log", "id", "occurred_at", before, limit);
    }

    /** Live events appended before the instant, up to {@code limit}. */
    public Uni<Integer> deleteLiveEvents(SqlConnection connection, Instant before, int limit) {
        return deleteOldest(connection, "live_event", "id", "created_at", before, limit);
    }

    /** Recorded event ids processed before the instant, up to {@code limit}. */
    public Uni<Integer> deleteProcessedEvents(SqlConnection connection, Instant before, int limit) {
        return deleteOldest(connection, "processed_event", "event_id", "processed_at", before, limit);
    }

    /** Live-update tickets that expired before the instant, up to {@code limit}. */
    public Uni<Integer> deleteExpiredTickets(SqlConnection connection, Instant before, int limit) {
        return deleteOldest(connection, "live_ticket", "ticket_sha256", "expires_at", before, limit);
    }

    private static Uni<Integer> deleteOldest(SqlConnection connection, String table, String key, String time,
            Instant before, int limit) {
        // Names are this class's constants, never input.
        return connection.preparedQuery("DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM "
                + table + " WHERE " + time + " < $1 ORDER BY " + time + " LIMIT $2 FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(utc(before), limit))
                .map(RowSet::rowCount);
    }

    private static List<UUID> ids(RowSet<Row> rows, String column) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID(column)));
        return ids;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
