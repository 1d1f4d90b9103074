package io.trainyard.worker.data;

/**
 * A time-ordered target series cut into forecasting windows. A window is named by its first forecast step
 * {@code t}: its inputs are {@code series[t - lookback .. t - 1]}, its targets {@code series[t .. t + horizon - 1]}.
 * A window belongs to the split that holds all of its targets; windows whose targets straddle two splits are left
 * out, and inputs may reach back into earlier splits (the past is known when forecasting), never forward.
 *
 * <p>Inputs and targets are relative to the window's last known value and divided by {@code scale}, the spread of
 * the training split's one-step changes: a series that trends beyond the range seen in training (CO2 does) still
 * gives inputs of the size the network learnt, and predicting no change is exactly the naive forecast, so the
 * network only has to learn what the naive forecast misses.
 *
 * @param series     the target in time order, in its own units
 * @param train      first forecast steps of the training windows (likewise {@code validation}, {@code test})
 */
public record SeriesWindows(double[] series, int lookback, int horizon, double scale, int[] train, int[] validation,
        int[] test) {

    private static final double MIN_SCALE = 1e-12;

    /** The windows of a series whose first {@code trainRows}, then {@code validationRows}, then the rest split. */
    public static SeriesWindows of(double[] series, int trainRows, int validationRows, int lookback, int horizon) {
        int validationEnd = trainRows + validationRows;
        int[] train = starts(lookback, trainRows, horizon);
        int[] validation = starts(Math.max(lookback, trainRows), validationEnd, horizon);
        int[] test = starts(Math.max(lookback, validationEnd), series.length, horizon);
        if (train.length == 0 || validation.length == 0) {
            throw new DatasetException("lookback " + lookback + " and horizon " + horizon + " leave no full window in the "
                    + (train.length == 0 ? "training" : "validation") + " split (" + trainRows + " training, "
                    + validationRows + " validation rows); use a shorter lookback or horizon, or more rows");
        }
        return new SeriesWindows(series, lookback, horizon, changeSpread(series, trainRows), train, validation, test);
    }

    /** The windows' inputs and targets, scaled relative to each window's last value. */
    public EncodedSplit encode(int[] windows) {
        float[] features = new float[windows.length * lookback];
        float[] labels = new float[windows.length * horizon];
        for (int w = 0; w < windows.length; w++) {
            int t = windows[w];
            double level = series[t - 1];
            inputs(series, t - lookback, lookback, scale, features, w * lookback);
            for (int k = 0; k < horizon; k++) {
                labels[w * horizon + k] = (float) ((series[t + k] - level) / scale);
            }
        }
        return new EncodedSplit(features, labels, windows.length, lookback);
    }

    /**
     * One window's inputs, {@code values[from .. from + lookback - 1]} relative to the last of them, into
     * {@code out} at {@code at}: the one encoding of training, evaluation and prediction.
     */
    public static void inputs(double[] values, int from, int lookback, double scale, float[] out, int at) {
        double level = values[from + lookback - 1];
        for (int i = 0; i < lookback; i++) {
            out[at + i] = (float) ((values[from + i] - level) / scale);
        }
    }

    /** A network output back in the series' units, after a window whose last value is {@code level}. */
    public static double value(double level, float output, double scale) {
        return level + output * scale;
    }

    /** The windows' targets in the series' units, row-major. */
    public double[] targets(int[] windows) {
        double[] targets = new double[windows.length * horizon];
        for (int w = 0; w < windows.length; w++) {
            System.arraycopy(series, windows[w], targets, w * horizon, horizon);
        }
        return targets;
    }

    /** The network's outputs for the windows, back in the series' units. */
    public double[] values(float[] outputs, int[] windows) {
        double[] values = new double[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            values[i] = value(series[windows[i / horizon] - 1], outputs[i], scale);
        }
        return values;
    }

    /**
     * The baseline forecasts for the windows: with {@code seasonLength} 0 the last known value for every step
     * (naive); otherwise the value one season before each step, from the known past (seasonal naive).
     */
    public double[] naive(int[] windows, int seasonLength) {
        double[] forecasts = new double[windows.length * horizon];
        for (int w = 0; w < windows.length; w++) {
            int t = windows[w];
            for (int k = 0; k < horizon; k++) {
                int back = seasonLength == 0 ? k + 1 : seasonLength * ((k / seasonLength) + 1);
                forecasts[w * horizon + k] = series[Math.max(0, t + k - back)];
            }
        }
        return forecasts;
    }

    /** The last {@code lookback} values: the history a forecast of the steps after the series starts from. */
    public double[] lastWindow() {
        double[] last = new double[lookback];
        System.arraycopy(series, series.length - lookback, last, 0, lookback);
        return last;
    }

    private static int[] starts(int from, int end, int horizon) {
        int count = Math.max(0, end - horizon + 1 - from);
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = from + i;
        }
        return starts;
    }

    private static double changeSpread(double[] series, int trainRows) {
        int n = trainRows - 1;
        if (n < 2) {
            return 1.0;
        }
        double mean = (series[trainRows - 1] - series[0]) / n;
        double squares = 0;
        for (int i = 1; i < trainRows; i++) {
            double change = series[i] - series[i - 1] - mean;
            squares += change * change;
        }
        double std = Math.sqrt(squares / n);
        return std < MIN_SCALE ? 1.0 : std;
    }
}
