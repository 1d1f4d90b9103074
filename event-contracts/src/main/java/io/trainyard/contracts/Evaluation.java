package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * Final evaluation of the kept model on the validation split. Classification fills accuracy,
 * macro F1, the confusion matrix and (two classes only) ROC-AUC; regression fills RMSE, MAE and R².
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(Double accuracy, Double macroF1, Double rocAuc, ConfusionMatrix confusionMatrix, Double rmse,
        Double mae, Double r2) {

    /**
     * @param accuracy null without validation rows
     * @param rocAuc   two classes only, else null
     */
    public static Evaluation classification(Double accuracy, double macroF1, Double rocAuc,
            ConfusionMatrix confusionMatrix) {
        return new Evaluation(accuracy, macroF1, rocAuc, confusionMatrix, null, null, null);
    }

    /** @param r2 null when the validation targets are all equal */
    public static Evaluation regression(double rmse, double mae, Double r2) {
        return new Evaluation(null, null, null, null, rmse, mae, r2);
    }

    /** {@code counts[i][j]}: rows whose true class is {@code labels[i]} predicted as {@code labels[j]}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfusionMatrix(List<String> labels, List<List<Long>> counts) {
    }
}
