package io.trainyard.jobs.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.jobs.job.CreateJobRequest;
import io.trainyard.jobs.registry.ModelRegistry;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.ApiProblem.FieldError;
import io.trainyard.support.problem.JsonBodies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A validated schedule body: every field of a create, or the fields a PATCH names (a JSON merge patch: an absent
 * field stays as it is; {@code "promote": null} stops promoting).
 *
 * @param job             the job template, with the schedule's name as the job's when it names none; null in a patch
 * @param promote         null for none (or, in a patch, when {@code clearsPromote} is false, to keep it)
 * @param paused          null in a patch that keeps it
 */
public record ScheduleRequest(String name, String cron, String timeZone, String dataset, Map<String, Object> job,
        MissedTicks missedTicks, ScheduleResponse.Promotion promote, boolean clearsPromote, Boolean paused) {
    static final String DEFAULT_TIME_ZONE = "UTC";
    private static final Set<String> CREATE = Set.of("name", "cron", "time_zone", "dataset", "job", "missed_ticks",
            "promote", "paused");
    private static final Set<String> PATCH = Set.of("cron", "time_zone", "missed_ticks", "promote", "paused");
    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public static ScheduleRequest create(String body, ObjectMapper json) {
        return parse(body, json, true);
    }

    public static ScheduleRequest patch(String body, ObjectMapper json) {
        return parse(body, json, false);
    }

    private static ScheduleRequest parse(String body, ObjectMapper json, boolean create) {
        JsonNode root = JsonBodies.object(body, json);
        List<FieldError> errors = new ArrayList<>();
        JsonBodies.rejectUnknown(root, create ? CREATE : PATCH, errors);
        if (!create && root.isEmpty()) {
            errors.add(new FieldError("body", "names no field to change; known fields: " + PATCH.stream().sorted()
                    .toList()));
        }
        String name = create ? text(root, "name", 200, true, errors) : null;
        String cron = text(root, "cron", 200, create, errors);
        String timeZone = text(root, "time_zone", 64, false, errors);
        if (create && timeZone == null) {
            timeZone = DEFAULT_TIME_ZONE;
        }
        if (cron != null || timeZone != null) {
            try {
                // Either may come alone in a patch; a valid expression is valid in every zone.
                CronSchedule.of(cron != null ? cron : "* * * * *", timeZone != null ? timeZone : DEFAULT_TIME_ZONE);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(e.getMessage().startsWith("unknown time zone") ? "time_zone" : "cron",
                        e.getMessage()));
            }
        }
        String dataset = create ? text(root, "dataset", 255, true, errors) : null;
        Map<String, Object> job = create ? template(root.get("job"), name, json, errors) : null;
        MissedTicks missed = missedTicks(root.get("missed_ticks"), create, errors);
        JsonNode promoteNode = root.get("promote");
        ScheduleResponse.Promotion promote = promotion(promoteNode, errors);
        Boolean paused = null;
        JsonNode pausedNode = root.get("paused");
        if (pausedNode != null && !pausedNode.isBoolean()) {
            errors.add(new FieldError("paused", "must be true or false"));
        } else if (pausedNode != null) {
            paused = pausedNode.booleanValue();
        } else if (create) {
            paused = false;
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new ScheduleRequest(name, cron, timeZone, dataset, job, missed, promote,
                promoteNode != null && promoteNode.isNull(), paused);
    }

    /**
     * A job creation body without dataset_id (each tick names the dataset's newest version), checked as
     * POST /api/v1/training/jobs checks one; its errors are reported under {@code job.}.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> template(JsonNode node, String scheduleName, ObjectMapper json,
            List<FieldError> errors) {
        if (node == null || node.isNull() || !node.isObject()) {
            errors.add(new FieldError("job", node == null || node.isNull() ? "is required: the job each tick creates"
                    : "must be a JSON object: a job creation body without dataset_id"));
            return null;
        }
        ObjectNode template = ((ObjectNode) node).deepCopy();
        if (template.has("dataset_id")) {
            errors.add(new FieldError("job.dataset_id", "each tick trains on the newest version of `dataset`; leave "
                    + "dataset_id out"));
            return null;
        }
        if (!template.has("name") && scheduleName != null) {
            template.put("name", scheduleName);
        }
        try {
            CreateJobRequest.parse(template.deepCopy().put("dataset_id", UUID.randomUUID().toString()).toString(),
                    json);
        } catch (ApiProblem e) {
            e.errors().forEach(error -> errors.add(new FieldError("job." + error.field(), error.message())));
            return null;
        }
        return json.convertValue(template, Map.class);
    }

    private static MissedTicks missedTicks(JsonNode node, boolean create, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return create ? MissedTicks.RUN_LATEST : null;
        }
        var parsed = node.isTextual() ? MissedTicks.parse(node.textValue()) : java.util.Optional.<MissedTicks>empty();
        if (parsed.isEmpty()) {
            errors.add(new FieldError("missed_ticks", "must be one of " + MissedTicks.wireNames()));
        }
        return parsed.orElse(null);
    }

    private static ScheduleResponse.Promotion promotion(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("promote", "must be an object {\"alias\": ..., \"metric\": ...} or null"));
            return null;
        }
        int before = errors.size();
        JsonBodies.rejectUnknown(node, Set.of("alias", "metric"), errors, "promote");
        String alias = JsonBodies.text(node, "alias", 64, true, errors, "promote.alias");
        if (alias != null && !ModelRegistry.ALIAS.matcher(alias).matches()) {
            errors.add(new FieldError("promote.alias", "must be 1 to 64 lowercase letters, digits, '_' or '-', "
                    + "starting with a letter"));
        }
        String metric = JsonBodies.text(node, "metric", 64, true, errors, "promote.metric");
        if (metric != null && !METRIC.matcher(metric).matches()) {
            errors.add(new FieldError("promote.metric", "must be a final metric's name: 1 to 64 letters, digits, '_',"
                    + " '.' or '-'"));
        }
        return errors.size() == before ? new ScheduleResponse.Promotion(alias, metric) : null;
    }

    private static String text(JsonNode root, String field, int maxLength, boolean required, List<FieldError> errors) {
        return JsonBodies.text(root, field, maxLength, required, errors, field);
    }

}
