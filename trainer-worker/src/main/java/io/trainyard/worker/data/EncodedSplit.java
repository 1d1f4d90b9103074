package io.trainyard.worker.data;

/**
 * One split ready for the network: {@code features} row-major ({@code rows x width}), {@code labels}
 * one per row (class index, or standardised target).
 */
public record EncodedSplit(float[] features, float[] labels, int rows, int width) {
    public EncodedSplit {
        if (features.length != (long) rows * width || labels.length != rows) {
            throw new IllegalArgumentException("inconsistent split: " + features.length + " features, "
                    + labels.length + " labels for " + rows + " x " + width);
        }
    }
}
