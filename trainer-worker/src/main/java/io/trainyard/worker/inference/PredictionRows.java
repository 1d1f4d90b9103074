package io.trainyard.worker.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.contracts.ColumnType;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.FeatureEncoding;
import io.trainyard.worker.data.Preprocessing;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code rows} of a prediction request into feature columns, as the CSV reader would have
 * read them: numeric columns take JSON numbers (or numeric strings), categorical columns take strings
 * (numbers and booleans as written; values are trimmed). Every problem is collected with its JSON path,
 * e.g. {@code rows[1].petal_width}. Columns the model does not use (the target, say) are ignored; an
 * unseen category is fine and encodes as all zeros.
 */
final class PredictionRows {
    static final int MAX_ROWS = 100;
    /** Enough to show what is wrong without echoing a whole bad request. */
    private static final int MAX_ERRORS = 20;

    private PredictionRows() {
    }

    static List<Column> columns(Preprocessing preprocessing, JsonNode rows) {
        if (rows == null || rows.isNull() || rows.isMissingNode()) {
            throw ApiProblem.badRequest("rows", "is required: an array of 1 to " + MAX_ROWS + " objects");
        }
        if (!rows.isArray()) {
            throw ApiProblem.badRequest("rows", "must be an array of objects");
        }
        if (rows.isEmpty() || rows.size() > MAX_ROWS) {
            throw ApiProblem.badRequest("rows", "must hold 1 to " + MAX_ROWS + " rows, got " + rows.size());
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        requireObjects(rows);
        List<Column> columns = new ArrayList<>();
        for (FeatureEncoding feature : preprocessing.features()) {
            String name = feature.name();
            if (feature.type() == ColumnType.NUMERIC) {
                columns.add(new Column.Numeric(name, numbers(rows, name, errors)));
            } else {
                String[] values = new String[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    JsonNode value = rows.get(i).get(name);
                    String field = "rows[" + i + "]." + name;
                    if (value == null || value.isNull()) {
                        errors.add(new ApiProblem.FieldError(field, "is missing: the model needs the categorical column '"
                                + name + "'"));
                    } else if (value.isValueNode()) {
                        values[i] = value.asText().trim();
                    } else {
                        errors.add(new ApiProblem.FieldError(field, "must be a string, got " + describe(value)));
                    }
                }
                columns.add(Column.Categorical.of(name, values));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors.subList(0, Math.min(MAX_ERRORS, errors.size())));
        }
        return columns;
    }

    /**
     * A forecaster's rows: the next observations of its series (the target column) after those it was trained on,
     * oldest first; the forecast starts after the last of them.
     */
    static double[] observations(String target, JsonNode rows) {
        if (rows == null || rows.isNull() || rows.isMissingNode()) {
            return new double[0];
        }
        if (!rows.isArray() || rows.size() > MAX_ROWS) {
            throw ApiProblem.badRequest("rows", "must be an array of at most " + MAX_ROWS + " rows, each with '" + target
                    + "'");
        }
        requireObjects(rows);
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        double[] values = numbers(rows, target, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors.subList(0, Math.min(MAX_ERRORS, errors.size())));
        }
        return values;
    }

    private static void requireObjects(JsonNode rows) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isObject()) {
                errors.add(new ApiProblem.FieldError("rows[" + i + "]", "must be an object of column name to value"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors.subList(0, Math.min(MAX_ERRORS, errors.size())));
        }
    }

    /** The numbers of one column of the rows; what is wrong goes to {@code errors}. */
    private static double[] numbers(JsonNode rows, String name, List<ApiProblem.FieldError> errors) {
        double[] values = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode value = rows.get(i).get(name);
            String field = "rows[" + i + "]." + name;
            if (value == null || value.isNull()) {
                errors.add(new ApiProblem.FieldError(field, "is missing: the model needs the numeric column '"
                        + name + "'"));
            } else if (value.isNumber()) {
                values[i] = value.doubleValue();
                if (!Double.isFinite(values[i])) {
                    errors.add(new ApiProblem.FieldError(field, "must be a finite number"));
                }
            } else if (value.isTextual() && isNumber(value.asText().trim())) {
                values[i] = Double.parseDouble(value.asText().trim());
            } else {
                errors.add(new ApiProblem.FieldError(field, "must be a number, got " + describe(value)));
            }
        }
        return values;
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "the string \"" + value.asText() + "\"";
        }
        if (value.isBoolean()) {
            return "the boolean " + value.asBoolean();
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.toString();
    }
}
