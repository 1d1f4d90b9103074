package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * Final evaluation of the kept model on the validation split. Classification fills accuracy,
 * macro F1, the confusion matrix and (two classes only) ROC-AUC; regression and forecasting fill RMSE, MAE, R² and
 * MAPE. For time-ordered data {@code splits} gives each split's rows and first and last time.
 *
 * @param mape mean absolute percentage error (percent) over the points whose actual value is not near zero; null
 *             when there is none (see {@code ModelEvaluation})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(Double accuracy, Double macroF1, Double rocAuc, ConfusionMatrix confusionMatrix, Double rmse,
        Double mae, Double r2, Double mape, List<SplitBoundary> splits) {

    /** Without MAPE and split boundaries, as evaluations from before time series hold it. */
    public Evaluation(Double accuracy, Double macroF1, Double rocAuc, ConfusionMatrix confusionMatrix, Double rmse,
            Double mae, Double r2) {
        this(accuracy, macroF1, rocAuc, confusionMatrix, rmse, mae, r2, null, null);
    }

    /**
     * @param accuracy null without validation rows
     * @param rocAuc   two classes only, else null
     */
    public static Evaluation classification(Double accuracy, double macroF1, Double rocAuc,
            ConfusionMatrix confusionMatrix) {
        return new Evaluation(accuracy, macroF1, rocAuc, confusionMatrix, null, null, null);
    }

    /** @param r2 null when the validation targets are all equal */
    public static Evaluation regression(double rmse, double mae, Double r2, Double mape) {
        return new Evaluation(null, null, null, null, rmse, mae, r2, mape, null);
    }

    /** This evaluation with the time boundaries of the splits it was made on. */
    public Evaluation withSplits(List<SplitBoundary> boundaries) {
        return new Evaluation(accuracy, macroF1, rocAuc, confusionMatrix, rmse, mae, r2, mape,
                boundaries == null ? null : List.copyOf(boundaries));
    }

    /** {@code counts[i][j]}: rows whose true class is {@code labels[i]} predicted as {@code labels[j]}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfusionMatrix(List<String> labels, List<List<Long>> counts) {
    }

    /**
     * One split of time-ordered data: {@code split} is {@code train}, {@code validation} or {@code test}; {@code first}
     * and {@code last} are its earliest and latest time, as written in the dataset.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SplitBoundary(String split, long rows, String first, String last) {
    }
}
