package io.trainyard.worker.data;

/**
 * One split ready for the network: {@code features} row-major ({@code rows x width}), {@code labels} row-major too,
 * as many per row as the model has outputs to fit: one (class index, or standardised target), or a forecast's
 * {@code horizon} steps.
 */
public record EncodedSplit(float[] features, float[] labels, int rows, int width) {
    public EncodedSplit {
        if (features.length != (long) rows * width || (rows == 0 ? labels.length != 0 : labels.length % rows != 0)) {
            throw new IllegalArgumentException("inconsistent split: " + features.length + " features, "
                    + labels.length + " labels for " + rows + " x " + width);
        }
    }

    /** Labels per row. */
    public int labelWidth() {
        return rows == 0 ? 1 : labels.length / rows;
    }
}
