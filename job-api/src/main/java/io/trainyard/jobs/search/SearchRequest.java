package io.trainyard.jobs.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.jobs.job.CreateJobRequest;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.ApiProblem.FieldError;
import io.trainyard.support.problem.Ids;
import io.trainyard.support.problem.JsonBodies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A validated search body. Every trial is a job creation body made of {@code job} (fixed hyperparameters,
 * validation_split, priority, tags), the dataset and family, and a point of the space; it is checked here as
 * POST /api/v1/training/jobs checks one, so that no trial can be refused later.
 *
 * @param job          the template's fields (without the hyperparameters the space varies)
 * @param epochs       the epochs each trial trains (ASHA's rungs count towards them)
 * @param experiment   the experiment's name the trials join; null: the search's name
 * @param ashaGrace    ASHA's first rung in epochs; null without early stopping
 */
public record SearchRequest(String name, UUID datasetId, ModelFamily family, SearchSpace space, String metric,
        MetricDirection direction, Search.Strategy strategy, int maxTrials, int maxParallel, long maxRuntimeSeconds,
        Integer ashaGrace, Integer ashaReduction, long seed, Map<String, Object> job, int epochs, String experiment) {
    static final int MAX_TRIALS = 200;
    static final int MAX_PARALLEL = 20;
    /** What ASHA can compare at every epoch: the metrics the workers report per epoch. */
    static final Set<String> EPOCH_METRICS = Set.of("train_loss", "val_loss", "train_accuracy", "val_accuracy",
            "val_rmse", "val_mae");
    private static final Set<String> FIELDS = Set.of("name", "dataset_id", "model_family", "space", "metric",
            "direction", "strategy", "budget", "early_stopping", "seed", "job", "experiment");
    private static final Set<String> JOB_FIELDS = Set.of("hyperparameters", "validation_split", "priority", "tags",
            "description");
    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    @SuppressWarnings("unchecked")
    public static SearchRequest parse(String body, ObjectMapper json) {
        JsonNode root = JsonBodies.object(body, json);
        List<FieldError> errors = new ArrayList<>();
        JsonBodies.rejectUnknown(root, FIELDS, errors);
        String name = text(root, "name", 200, true, errors);
        UUID dataset = null;
        String datasetText = text(root, "dataset_id", 64, true, errors);
        if (datasetText != null) {
            try {
                dataset = Ids.parse(datasetText, "dataset_id");
            } catch (ApiProblem e) {
                errors.addAll(e.errors());
            }
        }
        String familyText = text(root, "model_family", 64, true, errors);
        ModelFamily family = familyText == null ? null : ModelFamily.parse(familyText).orElse(null);
        if (familyText != null && family == null) {
            errors.add(new FieldError("model_family", "unknown model family \"" + familyText + "\"; known: "
                    + ModelFamily.wireNames()));
        }
        SearchSpace space = SearchSpace.parse(root.get("space"), family, json, errors);
        String metric = text(root, "metric", 64, true, errors);
        if (metric != null && !METRIC.matcher(metric).matches()) {
            errors.add(new FieldError("metric", "must be a final metric's name: letters, digits, '_', '.' or '-'"));
        }
        MetricDirection direction = metric == null ? null : MetricDirection.of(metric);
        String directionText = text(root, "direction", 32, false, errors);
        if (directionText != null) {
            direction = switch (directionText) {
                case "minimize" -> MetricDirection.LOWER_IS_BETTER;
                case "maximize" -> MetricDirection.HIGHER_IS_BETTER;
                default -> {
                    errors.add(new FieldError("direction", "must be minimize or maximize (default: known from the "
                            + "metric's name)"));
                    yield direction;
                }
            };
        }
        String strategyText = text(root, "strategy", 16, false, errors);
        Search.Strategy strategy = Search.Strategy.TPE;
        if (strategyText != null) {
            strategy = java.util.Arrays.stream(Search.Strategy.values()).filter(s -> s.wireName().equals(strategyText))
                    .findFirst().orElse(null);
            if (strategy == null) {
                errors.add(new FieldError("strategy", "must be grid, random or tpe"));
            }
        }
        JsonNode budget = object(root, "budget", Set.of("max_trials", "max_parallel", "max_runtime_seconds"), errors);
        int maxTrials = (int) integer(budget, "budget.max_trials", "max_trials", 1, MAX_TRIALS, 20, errors);
        int maxParallel = (int) integer(budget, "budget.max_parallel", "max_parallel", 1, MAX_PARALLEL, 2, errors);
        long maxRuntime = integer(budget, "budget.max_runtime_seconds", "max_runtime_seconds", 60, 30L * 86_400,
                86_400, errors);
        JsonNode stopping = object(root, "early_stopping", Set.of("type", "grace_epochs", "reduction_factor"), errors);
        Integer grace = null;
        Integer reduction = null;
        if (stopping != null) {
            if (!"asha".equals(stopping.path("type").asText(null))) {
                errors.add(new FieldError("early_stopping.type", "must be asha"));
            }
            grace = (int) integer(stopping, "early_stopping.grace_epochs", "grace_epochs", 1, 1000, 1, errors);
            reduction = (int) integer(stopping, "early_stopping.reduction_factor", "reduction_factor", 2, 8, 3, errors);
            if (metric != null && !EPOCH_METRICS.contains(metric)) {
                errors.add(new FieldError("early_stopping", "ASHA compares trials at every epoch, so the metric must "
                        + "be one the workers report per epoch: " + EPOCH_METRICS.stream().sorted().toList()));
            }
            if (space != null && space.dimensions().stream().anyMatch(d -> d.name().equals("epochs"))) {
                errors.add(new FieldError("space.epochs", "with ASHA every trial trains the same epochs; fix epochs in"
                        + " job.hyperparameters"));
            }
        }
        long seed = integer(root, "seed", "seed", 0, Integer.MAX_VALUE, 42, errors);
        String experiment = text(root, "experiment", 200, false, errors);
        JsonNode jobNode = object(root, "job", JOB_FIELDS, errors);
        Map<String, Object> job = jobNode == null ? Map.of() : json.convertValue(jobNode, Map.class);
        int epochs = 0;
        if (errors.isEmpty()) {
            CreateJobRequest probe = probe(name, dataset, family, space, jobNode, json, errors);
            if (probe != null) {
                epochs = probe.hyperparameters().epochs();
                if (grace != null && grace >= epochs) {
                    errors.add(new FieldError("early_stopping.grace_epochs", "must be below the trials' epochs ("
                            + epochs + ")"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new SearchRequest(name, dataset, family, space, metric, direction, strategy, maxTrials, maxParallel,
                maxRuntime, grace, reduction, seed, job, epochs, experiment);
    }

    /** The first trial's job body, checked as a job creation: the template's errors under job., the space's under space. */
    private static CreateJobRequest probe(String name, UUID dataset, ModelFamily family, SearchSpace space,
            JsonNode jobNode, ObjectMapper json, List<FieldError> errors) {
        ObjectNode body = jobNode == null ? json.createObjectNode() : ((ObjectNode) jobNode).deepCopy();
        JsonNode fixed = body.get("hyperparameters");
        if (fixed != null && !fixed.isNull() && !fixed.isObject()) {
            errors.add(new FieldError("job.hyperparameters", "must be a JSON object"));
            return null;
        }
        ObjectNode hyperparameters = fixed != null && fixed.isObject() ? (ObjectNode) fixed
                : body.putObject("hyperparameters");
        for (SearchSpace.Dimension d : space.dimensions()) {
            if (hyperparameters.has(d.name())) {
                errors.add(new FieldError("job.hyperparameters." + d.name(), "is searched in space; fix it or search"
                        + " it, not both"));
            }
            hyperparameters.set(d.name(), json.valueToTree(d.decode(0.5)));
        }
        body.put("name", name).put("dataset_id", dataset.toString()).put("model_family", family.wireName());
        try {
            return CreateJobRequest.parse(body.toString(), json);
        } catch (ApiProblem e) {
            e.errors().forEach(error -> errors.add(new FieldError(space.dimensions().stream().anyMatch(d ->
                    error.field().equals("hyperparameters." + d.name())) ? "space." + error.field().substring(16)
                    : "job." + error.field(), error.message())));
            return null;
        }
    }

    private static JsonNode object(JsonNode root, String field, Set<String> known, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(field, "must be an object"));
            return null;
        }
        JsonBodies.rejectUnknown(node, known, errors, field);
        return node;
    }

    private static long integer(JsonNode root, String path, String field, long min, long max, long fallback,
            List<FieldError> errors) {
        JsonNode node = root == null ? null : root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            errors.add(new FieldError(path, "must be an integer from " + min + " to " + max));
            return fallback;
        }
        return node.longValue();
    }

    private static String text(JsonNode root, String field, int maxLength, boolean required, List<FieldError> errors) {
        return JsonBodies.text(root, field, maxLength, required, errors, field);
    }
}
