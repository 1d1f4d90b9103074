package io.trainyard.worker.data;

import io.trainyard.contracts.TaskType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fitted preprocessing of a job. Statistics and categories come from the TRAINING rows only, so
 * nothing about the validation split leaks into the model; the same object encodes both splits and is
 * saved next to the model so that predictions can be made with identical inputs later.
 */
public record Preprocessing(List<FeatureEncoding> features, TargetEncoding target) {

    /** A numeric column with (almost) no spread is centred but not scaled, instead of dividing by zero. */
    private static final double MIN_STD = 1e-12;

    public Preprocessing {
        features = List.copyOf(features);
    }

    public static Preprocessing fit(Table table, int[] trainRows, TaskType taskType) {
        if (trainRows.length == 0) {
            throw new DatasetException("the training split is empty");
        }
        List<FeatureEncoding> features = new ArrayList<>();
        for (Column column : table.features()) {
            if (column instanceof Column.Numeric n) {
                double[] stats = meanAndStd(n.values(), trainRows);
                features.add(FeatureEncoding.numeric(n.name(), stats[0], stats[1]));
            } else {
                Column.Categorical c = (Column.Categorical) column;
                boolean[] inTraining = new boolean[c.categories().length];
                for (int row : trainRows) {
                    inTraining[c.codes()[row]] = true;
                }
                TreeSet<String> seen = new TreeSet<>();
                for (int code = 0; code < inTraining.length; code++) {
                    if (inTraining[code]) {
                        seen.add(c.categories()[code]);
                    }
                }
                features.add(FeatureEncoding.categorical(c.name(), List.copyOf(seen)));
            }
        }
        return new Preprocessing(features, fitTarget(table.target(), trainRows, taskType));
    }

    private static TargetEncoding fitTarget(Column target, int[] trainRows, TaskType taskType) {
        if (taskType == TaskType.CLASSIFICATION) {
            // Every label of the file gets an index (a class present only in validation must still be
            // representable); labels are not features, so this leaks nothing about the inputs.
            List<String> labels = new ArrayList<>(new TreeSet<>(Arrays.asList(labels(target).categories())));
            labels.sort(labelOrder(labels));
            if (labels.size() < 2) {
                throw new DatasetException("classification needs at least 2 classes in '" + target.name()
                        + "', found " + labels);
            }
            return new TargetEncoding(target.name(), taskType, List.copyOf(labels), null, null);
        }
        if (!(target instanceof Column.Numeric n)) {
            throw new DatasetException("regression needs a numeric target, but '" + target.name() + "' is categorical");
        }
        double[] stats = meanAndStd(n.values(), trainRows);
        return new TargetEncoding(target.name(), taskType, null, stats[0], stats[1]);
    }

    /** The target as class labels: its categories, or its numbers as text. */
    private static Column.Categorical labels(Column target) {
        if (target instanceof Column.Categorical c) {
            return c;
        }
        String[] text = Arrays.stream(((Column.Numeric) target).values()).mapToObj(Double::toString)
                .toArray(String[]::new);
        return Column.Categorical.of(target.name(), text);
    }

    /** Numbers sort numerically ("2" before "10"), anything else alphabetically. */
    private static Comparator<String> labelOrder(List<String> labels) {
        boolean numeric = labels.stream().allMatch(Preprocessing::isNumber);
        return numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Mean and population standard deviation over the given rows; std falls back to 1 for a constant. */
    static double[] meanAndStd(double[] values, int[] rows) {
        double sum = 0;
        for (int row : rows) {
            sum += values[row];
        }
        double mean = sum / rows.length;
        double squares = 0;
        for (int row : rows) {
            double d = values[row] - mean;
            squares += d * d;
        }
        double std = Math.sqrt(squares / rows.length);
        return new double[] {mean, std < MIN_STD ? 1.0 : std};
    }

    /** Number of model inputs. */
    public int inputWidth() {
        return features.stream().mapToInt(FeatureEncoding::width).sum();
    }

    /** Input names in model order, e.g. {@code origin=Europe} for a one-hot input. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (FeatureEncoding f : features) {
            if (f.categories() == null) {
                names.add(f.name());
            } else {
                f.categories().forEach(c -> names.add(f.name() + "=" + c));
            }
        }
        return names;
    }

    public EncodedSplit encode(Table table, int[] rows) {
        return new EncodedSplit(encodeFeatures(table.features(), rows), encodeTarget(table.target(), rows), rows.length,
                inputWidth());
    }

    /**
     * Model inputs of the given rows, row-major. The one encoding path for training, evaluation and
     * prediction, so a served model sees exactly the inputs it was trained on. {@code columns} are the
     * feature columns in this preprocessing's order.
     */
    public float[] encodeFeatures(List<Column> columns, int[] rows) {
        int width = inputWidth();
        if ((long) rows.length * width > Integer.MAX_VALUE - 8) {
            throw new DatasetException(rows.length + " rows of " + width + " inputs are more than one array holds ("
                    + (Integer.MAX_VALUE - 8) + " values): use fewer rows or columns");
        }
        float[] x = new float[rows.length * width];
        int offset = 0;
        for (int f = 0; f < features.size(); f++) {
            FeatureEncoding encoding = features.get(f);
            Column column = columns.get(f);
            if (!column.name().equals(encoding.name())) {
                throw new IllegalArgumentException("column order differs: " + column.name() + " vs " + encoding.name());
            }
            if (column instanceof Column.Numeric n) {
                for (int i = 0; i < rows.length; i++) {
                    x[i * width + offset] = (float) ((n.values()[rows[i]] - encoding.mean()) / encoding.std());
                }
            } else {
                Column.Categorical c = (Column.Categorical) column;
                int[] input = inputOf(c, encoding.categories());
                for (int i = 0; i < rows.length; i++) {
                    int k = input[c.codes()[rows[i]]];
                    if (k >= 0) {
                        x[i * width + offset + k] = 1f;
                    }
                }
            }
            offset += encoding.width();
        }
        return x;
    }

    /** Feature column names in input order (what a prediction row must provide). */
    public List<String> columnNames() {
        return features.stream().map(FeatureEncoding::name).toList();
    }

    private float[] encodeTarget(Column column, int[] rows) {
        float[] y = new float[rows.length];
        if (target.taskType() == TaskType.CLASSIFICATION) {
            Column.Categorical labels = labels(column);
            int[] classOf = inputOf(labels, target.classLabels());
            for (int i = 0; i < rows.length; i++) {
                y[i] = classOf[labels.codes()[rows[i]]];
            }
        } else {
            double[] values = ((Column.Numeric) column).values();
            for (int i = 0; i < rows.length; i++) {
                y[i] = (float) ((values[rows[i]] - target.mean()) / target.std());
            }
        }
        return y;
    }

    /** For each category code of the column, its position in {@code encoded}, or -1 (a category never fitted). */
    private static int[] inputOf(Column.Categorical column, List<String> encoded) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < encoded.size(); i++) {
            index.put(encoded.get(i), i);
        }
        int[] input = new int[column.categories().length];
        for (int code = 0; code < input.length; code++) {
            input[code] = index.getOrDefault(column.categories()[code], -1);
        }
        return input;
    }
}
