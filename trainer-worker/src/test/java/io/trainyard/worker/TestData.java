package io.trainyard.worker;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.artifacts.FilesystemArtifactStore;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.worker.data.DatasetReader;
import io.trainyard.worker.data.TrainingDataLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The shipped sample datasets, a synthetic sequence dataset, and effective hyperparameters for tests. */
public final class TestData {
    public static final Path IRIS = Path.of("../samples/datasets/iris.csv").toAbsolutePath().normalize();
    public static final Path CARS = Path.of("../samples/datasets/cars.csv").toAbsolutePath().normalize();
    /** The worker's view of a filesystem artifact store rooted at {@code dir}, as in production. */
    public static LocalArtifacts localArtifacts(Path dir) {
        return new LocalArtifacts(new FilesystemArtifactStore(dir), dir);
    }

    /** Mauna Loa weekly CO2 (samples/datasets/SOURCES.md): time column {@code date}, target {@code co2}. */
    public static final Path CO2 = Path.of("../samples/datasets/co2.csv").toAbsolutePath().normalize();
    public static final List<DatasetColumn> CO2_COLUMNS = List.of(new DatasetColumn("date", ColumnType.NUMERIC),
            new DatasetColumn("co2", ColumnType.NUMERIC));

    public static final Path PENGUINS = Path.of("../samples/datasets/penguins.csv").toAbsolutePath().normalize();

    public static final List<DatasetColumn> IRIS_COLUMNS = List.of(
            new DatasetColumn("sepal_length", ColumnType.NUMERIC), new DatasetColumn("sepal_width", ColumnType.NUMERIC),
            new DatasetColumn("petal_length", ColumnType.NUMERIC), new DatasetColumn("petal_width", ColumnType.NUMERIC),
            new DatasetColumn("species", ColumnType.CATEGORICAL));
    public static final List<DatasetColumn> CARS_COLUMNS = List.of(new DatasetColumn("cylinders", ColumnType.NUMERIC),
            new DatasetColumn("displacement", ColumnType.NUMERIC), new DatasetColumn("horsepower", ColumnType.NUMERIC),
            new DatasetColumn("weight_lbs", ColumnType.NUMERIC), new DatasetColumn("acceleration", ColumnType.NUMERIC),
            new DatasetColumn("model_year", ColumnType.NUMERIC), new DatasetColumn("origin", ColumnType.CATEGORICAL),
            new DatasetColumn("mpg", ColumnType.NUMERIC));
    public static final List<DatasetColumn> PENGUINS_COLUMNS = List.of(
            new DatasetColumn("island", ColumnType.CATEGORICAL),
            new DatasetColumn("bill_length_mm", ColumnType.NUMERIC),
            new DatasetColumn("bill_depth_mm", ColumnType.NUMERIC),
            new DatasetColumn("flipper_length_mm", ColumnType.NUMERIC),
            new DatasetColumn("body_mass_g", ColumnType.NUMERIC), new DatasetColumn("sex", ColumnType.CATEGORICAL),
            new DatasetColumn("species", ColumnType.CATEGORICAL));

    /** Steps of each synthetic sequence. */
    public static final int SEQUENCE_LENGTH = 32;

    private TestData() {
    }

    /** The family's defaults with {@code overrides}, validated exactly as the job-api does. */
    public static Hyperparameters hyperparameters(ModelFamily family, Map<String, ?> overrides) {
        HyperparameterValidator.Result result = HyperparameterValidator.validate(family, overrides);
        if (!result.isValid()) {
            throw new IllegalArgumentException(result.violations().toString());
        }
        return result.effective();
    }

    /**
     * Synthetic sequences for {@code cnn1d_classifier}: {@code rows} rows of {@link #SEQUENCE_LENGTH}
     * numeric columns {@code t00..t31} and the label {@code shape}, classes in turn. Each row is one
     * waveform, {@code amplitude * f(2π t / period + phase)} plus Gaussian noise (σ = 0.15), with
     * amplitude uniform in [0.5, 1.5], period uniform in [6, 14] steps and phase uniform in [0, 2π):
     * {@code sine} (sin), {@code square} (the sign of sin) or {@code ramp} (a sawtooth rising from -1 to 1
     * over each period). A seeded {@link Random}: the same seed writes the same file.
     */
    public static Path writeSequences(Path file, int rows, long seed) {
        Random random = new Random(seed);
        String[] shapes = {"sine", "square", "ramp"};
        List<String> lines = new ArrayList<>();
        lines.add(IntStream.range(0, SEQUENCE_LENGTH).mapToObj(t -> String.format("t%02d", t))
                .collect(Collectors.joining(",")) + ",shape");
        for (int r = 0; r < rows; r++) {
            String shape = shapes[r % shapes.length];
            double amplitude = 0.5 + random.nextDouble();
            double period = 6 + 8 * random.nextDouble();
            double phase = 2 * Math.PI * random.nextDouble();
            StringBuilder line = new StringBuilder();
            for (int t = 0; t < SEQUENCE_LENGTH; t++) {
                double angle = 2 * Math.PI * t / period + phase;
                double clean = switch (shape) {
                    case "sine" -> Math.sin(angle);
                    case "square" -> Math.signum(Math.sin(angle));
                    default -> 2 * ((angle / (2 * Math.PI)) % 1.0) - 1;
                };
                line.append(String.format(Locale.ROOT, "%.4f", amplitude * clean + 0.15 * random.nextGaussian()))
                        .append(',');
            }
            lines.add(line.append(shape).toString());
        }
        return write(file, lines);
    }

    /**
     * Rows for {@code autoencoder_anomaly}: six numeric columns {@code x1..x6}, each a fixed mix of two hidden
     * Gaussian factors plus noise (σ = 0.1), and {@code label}: {@code normal}, or {@code anomaly} for a share of
     * the rows (at random) in which two random columns were pushed off that plane by ±3. Seeded.
     */
    public static Path writeAnomalies(Path file, int rows, double anomalyShare, long seed) {
        Random random = new Random(seed);
        double[][] mix = {{1, 0}, {0, 1}, {0.7, 0.7}, {0.5, -0.8}, {-0.6, 0.3}, {0.2, 0.9}};
        List<String> lines = new ArrayList<>();
        lines.add("x1,x2,x3,x4,x5,x6,label");
        for (int r = 0; r < rows; r++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double[] x = new double[mix.length];
            for (int c = 0; c < x.length; c++) {
                x[c] = mix[c][0] * a + mix[c][1] * b + 0.1 * random.nextGaussian();
            }
            boolean anomaly = random.nextDouble() < anomalyShare;
            if (anomaly) {
                int first = random.nextInt(x.length);
                int second = (first + 1 + random.nextInt(x.length - 1)) % x.length;
                x[first] += random.nextBoolean() ? 3 : -3;
                x[second] += random.nextBoolean() ? 3 : -3;
            }
            StringBuilder line = new StringBuilder();
            for (double v : x) {
                line.append(String.format(Locale.ROOT, "%.4f", v)).append(',');
            }
            lines.add(line.append(anomaly ? "anomaly" : "normal").toString());
        }
        return write(file, lines);
    }

    /** The columns of {@link #writeAnomalies}' files. */
    public static List<DatasetColumn> anomalyColumns() {
        List<DatasetColumn> columns = new ArrayList<>();
        for (int c = 1; c <= 6; c++) {
            columns.add(new DatasetColumn("x" + c, ColumnType.NUMERIC));
        }
        columns.add(new DatasetColumn("label", ColumnType.CATEGORICAL));
        return List.copyOf(columns);
    }

    /** {@link #writeAnomalies}' file prepared for an anomaly detector with these hyperparameters, validation 20 %. */
    public static TrainingDataLoader.Prepared anomalies(Path file, Hyperparameters hp) {
        return TrainingDataLoader.prepare(DatasetReader.read(file, anomalyColumns(), "label", TaskType.CLASSIFICATION),
                TaskType.CLASSIFICATION, TrainingDataLoader.Request.of(ModelFamily.AUTOENCODER_ANOMALY, hp, 0.2));
    }

    private static Path write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toAbsolutePath();
    }

    public static List<DatasetColumn> sequenceColumns() {
        List<DatasetColumn> columns = new ArrayList<>();
        for (int t = 0; t < SEQUENCE_LENGTH; t++) {
            columns.add(new DatasetColumn(String.format("t%02d", t), ColumnType.NUMERIC));
        }
        columns.add(new DatasetColumn("shape", ColumnType.CATEGORICAL));
        return List.copyOf(columns);
    }

    /** A dataset prepared as the runner prepares it: read, split (seeded), fitted, encoded. */
    public static TrainingDataLoader.Prepared prepare(Path file, List<DatasetColumn> columns, String target,
            TaskType task, double validationSplit, long seed) {
        return TrainingDataLoader.prepare(DatasetReader.read(file, columns, target, task), task, validationSplit,
                seed);
    }

    public static TrainingDataLoader.Prepared iris(long seed) {
        return prepare(IRIS, IRIS_COLUMNS, "species", TaskType.CLASSIFICATION, 0.2, seed);
    }

    public static TrainingDataLoader.Prepared cars(long seed) {
        return prepare(CARS, CARS_COLUMNS, "mpg", TaskType.REGRESSION, 0.2, seed);
    }

    /** The CO2 series prepared for a forecaster with these hyperparameters, validation 15 %. */
    public static TrainingDataLoader.Prepared co2(Hyperparameters hp) {
        return TrainingDataLoader.prepare(DatasetReader.read(CO2, null, 0, CO2_COLUMNS, "co2", TaskType.REGRESSION,
                "date"), TaskType.REGRESSION, TrainingDataLoader.Request.of(ModelFamily.MLP_FORECASTER, hp, 0.15));
    }

    public static TrainingDataLoader.Prepared penguins(long seed) {
        return prepare(PENGUINS, PENGUINS_COLUMNS, "species", TaskType.CLASSIFICATION, 0.2, seed);
    }
}
