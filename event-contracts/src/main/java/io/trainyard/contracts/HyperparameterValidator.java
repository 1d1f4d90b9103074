package io.trainyard.contracts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges user hyperparameters (as decoded from JSON) over a family's defaults and checks every value
 * against the family's schema. Every problem is reported with the field path, so a client can show it
 * next to the right input.
 */
public final class HyperparameterValidator {

    /** A rejected value; {@code field} is the JSON path, e.g. {@code hyperparameters.epochs}. */
    public record Violation(String field, String message) {
    }

    /**
     * Either the effective hyperparameters or the list of violations, never both. By name, the effective
     * values are {@link Hyperparameters#values(ModelFamily) effective.values(family)}.
     */
    public record Result(Hyperparameters effective, List<Violation> violations) {
        public boolean isValid() {
            return violations.isEmpty();
        }
    }

    private HyperparameterValidator() {
    }

    /**
     * Checks a decoded record against the family's schema, as {@link #validate(ModelFamily, Map)} checks the
     * values it holds: a set architecture field the family does not use is reported like any unknown name.
     */
    public static Result validate(ModelFamily family, Hyperparameters hyperparameters) {
        return validate(family, hyperparameters.toMap());
    }

    public static Result validate(ModelFamily family, Map<String, ?> given) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> merged = new LinkedHashMap<>(family.defaults());
        if (given != null) {
            for (var entry : given.entrySet()) {
                if (!family.accepts(entry.getKey())) {
                    violations.add(new Violation("hyperparameters." + entry.getKey(), "unknown hyperparameter for "
                            + family.wireName() + "; known: " + family.defaults().keySet()));
                } else {
                    merged.put(entry.getKey(), entry.getValue());
                }
            }
        }
        Map<String, Object> checked = new LinkedHashMap<>();
        for (HyperparameterSpec spec : family.hyperparameters()) {
            String field = "hyperparameters." + spec.name();
            Object value = merged.get(spec.name());
            checked.put(spec.name(), switch (spec.type()) {
                case "integer" -> checkInteger(field, value, spec, violations);
                case "number" -> checkNumber(field, value, spec, violations);
                case "string" -> checkOneOf(field, value, spec, violations);
                case "integer_list" -> checkIntegerList(field, value, spec, violations);
                default -> throw new IllegalStateException("unknown spec type " + spec.type());
            });
        }
        if (!violations.isEmpty()) {
            return new Result(null, List.copyOf(violations));
        }
        return new Result(toRecord(checked), List.of());
    }

    @SuppressWarnings("unchecked")
    private static Hyperparameters toRecord(Map<String, Object> v) {
        return new Hyperparameters(intOf(v, "epochs"), intOf(v, "batch_size"), doubleOf(v, "learning_rate"),
                (String) v.get("optimizer"), doubleOf(v, "momentum"), doubleOf(v, "weight_decay"),
                (String) v.get("lr_schedule"), intOf(v, "lr_step_size"), doubleOf(v, "lr_gamma"),
                ((Number) v.get("seed")).longValue(), intOf(v, "early_stopping_patience"),
                intOf(v, "checkpoint_every_n_epochs"), ((Number) v.get("max_runtime_seconds")).longValue(),
                (List<Integer>) v.get("hidden_layers"),
                v.containsKey("dropout") ? doubleOf(v, "dropout") : null,
                v.containsKey("conv_layers") ? intOf(v, "conv_layers") : null,
                v.containsKey("conv_filters") ? intOf(v, "conv_filters") : null,
                v.containsKey("kernel_size") ? intOf(v, "kernel_size") : null,
                v.containsKey("lookback") ? intOf(v, "lookback") : null,
                v.containsKey("horizon") ? intOf(v, "horizon") : null,
                v.containsKey("season_length") ? intOf(v, "season_length") : null,
                doubleOf(v, "test_split"),
                v.containsKey("threshold_quantile") ? doubleOf(v, "threshold_quantile") : null);
    }

    private static int intOf(Map<String, Object> values, String name) {
        return ((Number) values.get(name)).intValue();
    }

    private static double doubleOf(Map<String, Object> values, String name) {
        return ((Number) values.get(name)).doubleValue();
    }

    private static Long checkInteger(String field, Object value, HyperparameterSpec spec, List<Violation> out) {
        Long integer = asInteger(value);
        if (integer == null) {
            out.add(new Violation(field, "must be an integer, got " + describe(value)));
            return null;
        }
        if (integer < spec.minimum().longValue() || integer > spec.maximum().longValue()) {
            out.add(new Violation(field, "must be between " + spec.minimum() + " and " + spec.maximum() + ", got "
                    + integer));
        }
        return integer;
    }

    private static Double checkNumber(String field, Object value, HyperparameterSpec spec, List<Violation> out) {
        if (!(value instanceof Number number)) {
            out.add(new Violation(field, "must be a number, got " + describe(value)));
            return null;
        }
        double d = number.doubleValue();
        if (!Double.isFinite(d) || d < spec.minimum().doubleValue() || d > spec.maximum().doubleValue()) {
            out.add(new Violation(field, "must be between " + spec.minimum() + " and " + spec.maximum() + ", got "
                    + number));
        }
        return d;
    }

    private static String checkOneOf(String field, Object value, HyperparameterSpec spec, List<Violation> out) {
        if (!(value instanceof String text) || !spec.allowedValues().contains(text)) {
            out.add(new Violation(field, "must be one of " + spec.allowedValues() + ", got " + describe(value)));
            return null;
        }
        return text;
    }

    private static List<Integer> checkIntegerList(String field, Object value, HyperparameterSpec spec,
            List<Violation> out) {
        if (!(value instanceof List<?> list)) {
            out.add(new Violation(field, "must be an array of integers, got " + describe(value)));
            return null;
        }
        if (list.size() > spec.maxItems()) {
            out.add(new Violation(field, "at most " + spec.maxItems() + " layers, got " + list.size()));
        }
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Long width = checkInteger(field + "[" + i + "]", list.get(i), spec, out);
            result.add(width == null ? 0 : width.intValue());
        }
        return List.copyOf(result);
    }

    private static Long asInteger(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 63) {
            return big.longValue();
        }
        return null;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof Boolean b) {
            return "the boolean " + b;
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }
}
