package io.trainyard.worker.data;

import java.util.List;

/**
 * A dataset as read from its CSV: the feature columns in contract order, the target column and, for time-ordered
 * data, the time column as written (null without one; never a feature).
 */
public record Table(List<Column> features, Column target, Column.Categorical time) {
    public Table {
        features = List.copyOf(features);
        for (Column c : features) {
            if (c.size() != target.size()) {
                throw new IllegalArgumentException("column " + c.name() + " has " + c.size() + " rows, target has "
                        + target.size());
            }
        }
        if (time != null && time.size() != target.size()) {
            throw new IllegalArgumentException("the time column has " + time.size() + " rows, target has "
                    + target.size());
        }
    }

    /** A table without a time column. */
    public Table(List<Column> features, Column target) {
        this(features, target, null);
    }

    public int rowCount() {
        return target.size();
    }
}
