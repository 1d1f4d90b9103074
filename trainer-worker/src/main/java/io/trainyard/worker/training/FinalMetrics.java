package io.trainyard.worker.training;

import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.SeriesWindows;
import io.trainyard.worker.data.TrainingDataLoader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code final_metrics} of a succeeded job: the kept epoch's metrics (the best one under early
 * stopping), the final evaluation's headline numbers (on validation, and with a test split on test too), for
 * regression the naive baseline to judge them against, and for a forecaster the naive (and seasonal-naive)
 * forecasts' errors on the same validation and test windows; for an anomaly detector its threshold and, on
 * validation and test, the rows it flagged and its precision, recall and F1 on the anomalous class.
 */
final class FinalMetrics {
    private FinalMetrics() {
    }

    static Map<String, Double> of(TrainingResult result, TrainingDataLoader.Prepared dataset, Hyperparameters hp) {
        EpochResult kept = result.kept();
        Evaluation evaluation = result.evaluation();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", kept.trainLoss());
        metrics.put("val_loss", kept.valLoss());
        if (result.anomalyThreshold() != null) {
            metrics.put("anomaly_threshold", result.anomalyThreshold());
            putVerdicts(metrics, "val_", evaluation);
            putVerdicts(metrics, "test_", result.testEvaluation());
            return metrics;
        }
        if (dataset.preprocessing().target().taskType() == TaskType.CLASSIFICATION) {
            metrics.put("train_accuracy", kept.trainAccuracy());
            metrics.put("val_accuracy", kept.valAccuracy());
            metrics.put("val_macro_f1", evaluation.macroF1());
            if (evaluation.rocAuc() != null) {
                metrics.put("val_roc_auc", evaluation.rocAuc());
            }
            Evaluation test = result.testEvaluation();
            if (test != null) {
                metrics.put("test_accuracy", test.accuracy());
                metrics.put("test_macro_f1", test.macroF1());
            }
            return metrics;
        }
        SeriesWindows series = dataset.data().series();
        if (series == null) {
            metrics.put("val_rmse", kept.valRmse());
            metrics.put("val_mae", kept.valMae());
            if (evaluation.r2() != null) {
                metrics.put("val_r2", evaluation.r2());
            }
            putBaselines(metrics, dataset);
        } else {
            putErrors(metrics, "val_", evaluation);
        }
        putErrors(metrics, "test_", result.testEvaluation());
        if (series != null) {
            putErrors(metrics, "naive_val_", baseline(series, series.validation(), 0));
            putErrors(metrics, "naive_test_", baseline(series, series.test(), 0));
            if (hp.seasonLength() != null && hp.seasonLength() > 0) {
                putErrors(metrics, "seasonal_naive_val_", baseline(series, series.validation(), hp.seasonLength()));
                putErrors(metrics, "seasonal_naive_test_", baseline(series, series.test(), hp.seasonLength()));
            }
        }
        return metrics;
    }

    /** RMSE, MAE, MAPE and R² under the prefix; nothing for an empty split or a missing value. */
    private static void putErrors(Map<String, Double> metrics, String prefix, Evaluation evaluation) {
        if (evaluation == null) {
            return;
        }
        metrics.put(prefix + "rmse", evaluation.rmse());
        metrics.put(prefix + "mae", evaluation.mae());
        if (evaluation.mape() != null) {
            metrics.put(prefix + "mape", evaluation.mape());
        }
        if (evaluation.r2() != null) {
            metrics.put(prefix + "r2", evaluation.r2());
        }
    }

    /** Rows flagged, precision, recall and F1 of the anomalous class, and ROC-AUC of the scores. */
    private static void putVerdicts(Map<String, Double> metrics, String prefix, Evaluation verdicts) {
        if (verdicts == null) {
            return;
        }
        List<List<Long>> counts = verdicts.confusionMatrix().counts();
        double truePositives = counts.get(1).get(1);
        double flagged = counts.get(0).get(1) + truePositives;
        double anomalies = counts.get(1).get(0) + truePositives;
        double precision = flagged == 0 ? 0 : truePositives / flagged;
        double recall = anomalies == 0 ? 0 : truePositives / anomalies;
        metrics.put(prefix + "flagged_rows", flagged);
        metrics.put(prefix + "precision", precision);
        metrics.put(prefix + "recall", recall);
        metrics.put(prefix + "f1", precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        if (verdicts.rocAuc() != null) {
            metrics.put(prefix + "roc_auc", verdicts.rocAuc());
        }
    }

    private static Evaluation baseline(SeriesWindows series, int[] windows, int seasonLength) {
        return windows.length == 0 ? null
                : ModelEvaluation.regression(series.targets(windows), series.naive(windows, seasonLength));
    }

    /**
     * {@code val_baseline_rmse}: the RMSE of always predicting the training mean, which a model worth keeping
     * beats; {@code target_std}: the spread of the validation targets.
     */
    private static void putBaselines(Map<String, Double> metrics, TrainingDataLoader.Prepared dataset) {
        double[] y = ((Column.Numeric) dataset.table().target()).values();
        int[] validation = dataset.split().validation();
        double trainMean = dataset.preprocessing().target().mean();
        double squares = 0;
        double sum = 0;
        for (int row : validation) {
            squares += (y[row] - trainMean) * (y[row] - trainMean);
            sum += y[row];
        }
        int n = validation.length;
        double valMean = sum / n;
        double spread = 0;
        for (int row : validation) {
            spread += (y[row] - valMean) * (y[row] - valMean);
        }
        metrics.put("val_baseline_rmse", Math.sqrt(squares / n));
        metrics.put("target_std", Math.sqrt(spread / n));
    }
}
