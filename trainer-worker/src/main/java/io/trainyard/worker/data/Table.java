package io.trainyard.worker.data;

import java.util.List;

/** A dataset as read from its CSV: the feature columns in contract order and the target column. */
public record Table(List<Column> features, Column target) {
    public Table {
        features = List.copyOf(features);
        for (Column c : features) {
            if (c.size() != target.size()) {
                throw new IllegalArgumentException("column " + c.name() + " has " + c.size() + " rows, target has "
                        + target.size());
            }
        }
    }

    public int rowCount() {
        return target.size();
    }
}
