package io.trainyard.worker.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trainyard.contracts.ColumnType;

import java.util.List;

/**
 * How one feature column becomes model inputs: numeric columns are standardised with the training
 * split's mean and (population) standard deviation, categorical ones become one input per category
 * seen in the training split (an unseen category encodes as all zeros).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureEncoding(String name, ColumnType type, Double mean, Double std, List<String> categories) {

    public static FeatureEncoding numeric(String name, double mean, double std) {
        return new FeatureEncoding(name, ColumnType.NUMERIC, mean, std, null);
    }

    public static FeatureEncoding categorical(String name, List<String> categories) {
        return new FeatureEncoding(name, ColumnType.CATEGORICAL, null, null, List.copyOf(categories));
    }

    /** Number of model inputs this column produces. */
    public int width() {
        return type == ColumnType.NUMERIC ? 1 : categories.size();
    }
}
