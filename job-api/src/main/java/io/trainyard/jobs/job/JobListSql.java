package io.trainyard.jobs.job;

import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The job list's filters as SQL conditions on {@code training_job j}, with their parameters. The scope (tenant
 * and status) is what the list's indexes and the maintained counts are by; the narrowing filters (model family,
 * name, tag, priority, experiment) are checked row by row as the scope is walked, newest first.
 */
final class JobListSql {
    /** The list's order, that of the indexes of migration V14 and of {@link JobCursor}. */
    static final String NEWEST_FIRST = "j.created_at DESC, j.id DESC";

    private final List<String> scope = new ArrayList<>();
    private final List<String> narrowing = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private JobListSql() {
    }

    static JobListSql of(JobRepository.Filter filter) {
        JobListSql sql = new JobListSql();
        if (filter.tenant() != null) {
            sql.scope.add("j.tenant = :tenant");
            sql.parameters.put("tenant", filter.tenant());
        }
        if (filter.status() != null) {
            sql.scope.add("j.status = :status");
            sql.parameters.put("status", filter.status().name());
        }
        if (filter.modelFamily() != null) {
            sql.narrowing.add("j.model_family = :family");
            sql.parameters.put("family", filter.modelFamily());
        }
        if (filter.nameContains() != null) {
            sql.narrowing.add("lower(j.name) LIKE :q ESCAPE '\\'");
            sql.parameters.put("q", "%" + escapeLike(filter.nameContains().toLowerCase(Locale.ROOT)) + "%");
        }
        if (filter.priority() != null) {
            sql.narrowing.add("j.priority = :priority");
            sql.parameters.put("priority", filter.priority().name());
        }
        if (filter.experimentId() != null) {
            sql.narrowing.add("j.experiment_id = :experiment");
            sql.parameters.put("experiment", filter.experimentId());
        }
        if (filter.tag() != null) {
            sql.narrowing.add("EXISTS (SELECT 1 FROM job_tag t WHERE t.job_id = j.id AND t.tag = :tag)");
            sql.parameters.put("tag", filter.tag());
        }
        return sql;
    }

    /** Only the jobs after the cursor, in the list's order. */
    JobListSql after(JobCursor cursor) {
        if (cursor != null) {
            scope.add("(j.created_at, j.id) < (:after_created_at, :after_id)");
            parameters.put("after_created_at", cursor.createdAt());
            parameters.put("after_id", cursor.id());
        }
        return this;
    }

    /** The conditions of the scope, and of the narrowing filters too when {@code narrowed}; TRUE for none. */
    String where(boolean narrowed) {
        List<String> all = new ArrayList<>(scope);
        if (narrowed) {
            all.addAll(narrowing);
        }
        return all.isEmpty() ? "TRUE" : String.join(" AND ", all);
    }

    /** The narrowing filters alone; TRUE for none. */
    String narrowing() {
        return narrowing.isEmpty() ? "TRUE" : String.join(" AND ", narrowing);
    }

    <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query) {
        parameters.forEach(query::setParameter);
        return query;
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
