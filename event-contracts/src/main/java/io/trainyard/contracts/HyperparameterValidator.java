package io.trainyard.contracts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges user hyperparameters (as decoded from JSON) over a family's defaults and checks every value
 * against {@link HyperparameterSpec#ALL}. Every problem is reported with the field path, so a client
 * can show it next to the right input.
 */
public final class HyperparameterValidator {

    /** A rejected value; {@code field} is the JSON path, e.g. {@code hyperparameters.epochs}. */
    public record Violation(String field, String message) {
    }

    /** Either the effective hyperparameters or the list of violations, never both. */
    public record Result(Hyperparameters effective, List<Violation> violations) {
        public boolean isValid() {
            return violations.isEmpty();
        }
    }

    private HyperparameterValidator() {
    }

    public static Result validate(ModelFamily family, Map<String, ?> given) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> merged = new HashMap<>(family.defaults());
        if (given != null) {
            for (String key : given.keySet()) {
                if (HyperparameterSpec.ALL.stream().noneMatch(s -> s.name().equals(key))) {
                    violations.add(new Violation("hyperparameters." + key, "unknown hyperparameter for "
                            + family.wireName() + "; known: " + HyperparameterSpec.ALL.stream()
                                    .map(HyperparameterSpec::name).toList()));
                }
            }
            merged.putAll(given);
        }
        Map<String, Object> checked = new HashMap<>();
        for (HyperparameterSpec spec : HyperparameterSpec.ALL) {
            String field = "hyperparameters." + spec.name();
            Object value = merged.get(spec.name());
            Object ok = switch (spec.type()) {
                case "integer" -> checkInteger(field, value, spec, violations);
                case "number" -> checkNumber(field, value, spec, violations);
                case "integer_list" -> checkIntegerList(field, value, spec, violations);
                default -> throw new IllegalStateException("unknown spec type " + spec.type());
            };
            checked.put(spec.name(), ok);
        }
        if (!violations.isEmpty()) {
            return new Result(null, List.copyOf(violations));
        }
        @SuppressWarnings("unchecked")
        List<Integer> hidden = (List<Integer>) checked.get("hidden_layers");
        return new Result(new Hyperparameters(((Number) checked.get("epochs")).intValue(),
                ((Number) checked.get("batch_size")).intValue(), ((Number) checked.get("learning_rate")).doubleValue(),
                hidden, ((Number) checked.get("seed")).longValue()), List.of());
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
        return result;
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
