package io.trainyard.jobs.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.support.problem.ApiProblem.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Where a search looks: per hyperparameter a {@code choice} of values, a {@code uniform} or {@code log_uniform}
 * range of numbers, or an {@code int} range. Every value it can produce is one the family accepts: a choice's
 * values and a range's ends are validated against the family's schema when the search is created.
 */
public record SearchSpace(List<Dimension> dimensions) {
    /** Values a grid takes from a range (its ends and evenly spaced points between, on a log scale for log_uniform). */
    static final int GRID_POINTS_PER_RANGE = 3;
    static final int MAX_DIMENSIONS = 12;
    static final int MAX_CHOICES = 50;

    public enum Type {
        CHOICE, UNIFORM, LOG_UNIFORM, INT;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One hyperparameter's range: {@code values} for a choice, {@code min}/{@code max} otherwise. */
    public record Dimension(String name, Type type, List<Object> values, double min, double max) {

        /** A value drawn uniformly (a log_uniform range: uniformly in its logarithm). */
        Object sample(RandomGenerator random) {
            return switch (type) {
                case CHOICE -> values.get(random.nextInt(values.size()));
                case UNIFORM -> min + random.nextDouble() * (max - min);
                case LOG_UNIFORM -> Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
                case INT -> (int) (min + random.nextInt((int) (max - min) + 1));
            };
        }

        /** The values a grid search tries. */
        List<Object> grid() {
            if (type == Type.CHOICE) {
                return values;
            }
            if (type == Type.INT && max - min + 1 <= GRID_POINTS_PER_RANGE) {
                List<Object> all = new ArrayList<>();
                for (int v = (int) min; v <= (int) max; v++) {
                    all.add(v);
                }
                return all;
            }
            List<Object> points = new ArrayList<>();
            for (int i = 0; i < GRID_POINTS_PER_RANGE; i++) {
                double t = (double) i / (GRID_POINTS_PER_RANGE - 1);
                double v = type == Type.LOG_UNIFORM ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min)))
                        : min + t * (max - min);
                points.add(type == Type.INT ? (Object) (int) Math.round(v) : (Object) v);
            }
            return points;
        }

        /** The value as the model-based strategy sees it: a position in [0, 1] (a choice: its index). */
        double encode(Object value) {
            return switch (type) {
                case CHOICE -> Math.max(0, values.indexOf(value));
                case UNIFORM, INT -> (((Number) value).doubleValue() - min) / (max - min == 0 ? 1 : max - min);
                case LOG_UNIFORM -> (Math.log(((Number) value).doubleValue()) - Math.log(min))
                        / (Math.log(max) - Math.log(min) == 0 ? 1 : Math.log(max) - Math.log(min));
            };
        }

        /** The value at a position in [0, 1] (a choice: its index). */
        Object decode(double position) {
            double t = Math.max(0, Math.min(1, position));
            return switch (type) {
                case CHOICE -> values.get((int) Math.max(0, Math.min(values.size() - 1, Math.round(position))));
                case UNIFORM -> min + t * (max - min);
                case LOG_UNIFORM -> Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min)));
                case INT -> (int) Math.round(min + t * (max - min));
            };
        }
    }

    /** Every combination of the dimensions' grid values, in order. */
    List<Map<String, Object>> grid() {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Dimension d : dimensions) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (Object value : d.grid()) {
                    Map<String, Object> extended = new LinkedHashMap<>(point);
                    extended.put(d.name(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    /**
     * The generator of one trial's proposal: the same search seed and trial number give the same trial. Split-mix
     * seeded, so that consecutive trials are independent (java.util.Random's first draws from neighbouring seeds are
     * nearly equal: every trial of a random search would land in one spot).
     */
    static RandomGenerator generator(long seed, int trial) {
        return new java.util.SplittableRandom(seed * 1_000_003L + trial);
    }

    Map<String, Object> sample(RandomGenerator random) {
        Map<String, Object> point = new LinkedHashMap<>();
        dimensions.forEach(d -> point.put(d.name(), d.sample(random)));
        return point;
    }

    /** The space as stored and shown: the request's own shape. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Dimension d : dimensions) {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("type", d.type().wireName());
            if (d.type() == Type.CHOICE) {
                range.put("values", d.values());
            } else {
                range.put("min", d.type() == Type.INT ? (Object) (int) d.min() : (Object) d.min());
                range.put("max", d.type() == Type.INT ? (Object) (int) d.max() : (Object) d.max());
            }
            out.put(d.name(), range);
        }
        return out;
    }

    /** Parses {@code space} (field errors under {@code space.<name>}) and checks it against the family. */
    @SuppressWarnings("unchecked")
    static SearchSpace parse(JsonNode node, ModelFamily family, ObjectMapper json, List<FieldError> errors) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            errors.add(new FieldError("space", "must be an object naming 1 to " + MAX_DIMENSIONS + " hyperparameters, "
                    + "each {\"type\": \"choice\", \"values\": [...]} or {\"type\": \"uniform\"|\"log_uniform\"|\"int\", "
                    + "\"min\": ..., \"max\": ...}"));
            return null;
        }
        if (node.size() > MAX_DIMENSIONS) {
            errors.add(new FieldError("space", "at most " + MAX_DIMENSIONS + " hyperparameters"));
            return null;
        }
        List<Dimension> dimensions = new ArrayList<>();
        int before = errors.size();
        node.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            String field = "space." + name;
            JsonNode range = entry.getValue();
            if (family != null && !family.accepts(name)) {
                errors.add(new FieldError(field, family.wireName() + " has no hyperparameter " + name));
                return;
            }
            if (!range.isObject() || !range.path("type").isTextual()) {
                errors.add(new FieldError(field, "must be an object with a type: choice, uniform, log_uniform or int"));
                return;
            }
            Type type = java.util.Arrays.stream(Type.values()).filter(t -> t.wireName().equals(range.get("type")
                    .textValue())).findFirst().orElse(null);
            if (type == null) {
                errors.add(new FieldError(field + ".type", "must be choice, uniform, log_uniform or int"));
                return;
            }
            Dimension dimension;
            if (type == Type.CHOICE) {
                JsonNode values = range.get("values");
                if (values == null || !values.isArray() || values.isEmpty() || values.size() > MAX_CHOICES
                        || range.size() != 2 || java.util.stream.StreamSupport.stream(values.spliterator(), false)
                        .anyMatch(JsonNode::isNull)) {
                    errors.add(new FieldError(field + ".values", "a choice needs 1 to " + MAX_CHOICES + " values (no "
                            + "null), and nothing else"));
                    return;
                }
                dimension = new Dimension(name, type, json.convertValue(values, List.class), 0, 0);
            } else {
                JsonNode min = range.get("min");
                JsonNode max = range.get("max");
                boolean integral = type == Type.INT;
                if (min == null || max == null || !min.isNumber() || !max.isNumber() || range.size() != 3
                        || integral && (!min.canConvertToInt() || !max.canConvertToInt() || !min.isIntegralNumber()
                        || !max.isIntegralNumber()) || !Double.isFinite(min.doubleValue())
                        || !Double.isFinite(max.doubleValue()) || min.doubleValue() > max.doubleValue()
                        || type == Type.LOG_UNIFORM && min.doubleValue() <= 0) {
                    errors.add(new FieldError(field, "a " + type.wireName() + " range needs " + (integral ? "integers"
                            : "numbers") + " min <= max" + (type == Type.LOG_UNIFORM ? ", min > 0" : "")
                            + ", and nothing else"));
                    return;
                }
                dimension = new Dimension(name, type, null, min.doubleValue(), max.doubleValue());
            }
            if (family != null) {
                // Every value the dimension can take must be one the family accepts: its choices, its range's ends.
                List<Object> probes = type == Type.CHOICE ? dimension.values()
                        : List.of(dimension.decode(0), dimension.decode(1));
                for (Object probe : probes) {
                    HyperparameterValidator.validate(family, Map.of(name, probe)).violations()
                            .forEach(v -> errors.add(new FieldError(field, v.message())));
                }
            }
            dimensions.add(dimension);
        });
        return errors.size() == before ? new SearchSpace(List.copyOf(dimensions)) : null;
    }

    /** The stored space back (it was validated when the search was created). */
    @SuppressWarnings("unchecked")
    static SearchSpace of(Map<String, Object> stored, ObjectMapper json) {
        List<FieldError> errors = new ArrayList<>();
        SearchSpace space = parse(json.valueToTree(stored), null, json, errors);
        if (space == null) {
            throw new IllegalStateException("a stored search space no longer parses: " + errors);
        }
        return space;
    }
}
