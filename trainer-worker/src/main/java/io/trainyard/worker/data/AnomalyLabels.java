package io.trainyard.worker.data;

/**
 * What an anomaly detector is judged against: which validation and test rows the label column (the target) marks
 * anomalous. The anomalous class is the label that is rarer among the training rows; every other label is normal.
 */
public record AnomalyLabels(String anomalyLabel, boolean[] validation, boolean[] test) {

    static AnomalyLabels of(Column.Categorical labels, SplitIndices split) {
        int[] counts = new int[labels.categories().length];
        for (int row : split.train()) {
            counts[labels.codes()[row]]++;
        }
        int rarest = -1;
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] > 0 && (rarest < 0 || counts[code] < counts[rarest])) {
                rarest = code;
            }
        }
        if (rarest < 0 || counts.length < 2) {
            throw new DatasetException("an anomaly detector needs a label column with a normal and an anomalous class");
        }
        return new AnomalyLabels(labels.categories()[rarest], flags(labels, split.validation(), rarest),
                flags(labels, split.test(), rarest));
    }

    private static boolean[] flags(Column.Categorical labels, int[] rows, int anomalous) {
        boolean[] flags = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            flags[i] = labels.codes()[rows[i]] == anomalous;
        }
        return flags;
    }
}
