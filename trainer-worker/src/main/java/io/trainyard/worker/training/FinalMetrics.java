package io.trainyard.worker.training;

import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.TrainingDataLoader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code final_metrics} of a succeeded job: the kept epoch's metrics (the best one under early
 * stopping), the final evaluation's headline numbers, and for regression the naive baseline to judge
 * them against.
 */
final class FinalMetrics {
    private FinalMetrics() {
    }

    static Map<String, Double> of(TrainingResult result, TrainingDataLoader.Prepared dataset) {
        EpochResult kept = result.kept();
        Evaluation evaluation = result.evaluation();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", kept.trainLoss());
        metrics.put("val_loss", kept.valLoss());
        if (dataset.preprocessing().target().taskType() == TaskType.CLASSIFICATION) {
            metrics.put("train_accuracy", kept.trainAccuracy());
            metrics.put("val_accuracy", kept.valAccuracy());
            metrics.put("val_macro_f1", evaluation.macroF1());
            if (evaluation.rocAuc() != null) {
                metrics.put("val_roc_auc", evaluation.rocAuc());
            }
        } else {
            metrics.put("val_rmse", kept.valRmse());
            metrics.put("val_mae", kept.valMae());
            if (evaluation.r2() != null) {
                metrics.put("val_r2", evaluation.r2());
            }
            putBaselines(metrics, dataset);
        }
        return metrics;
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
