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

    /** {@code counts[i][j]}: rows whose true class is {@code labels[i]} predicted as {@code labels[j]}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfusionMatrix(List<String> labels, List<List<Long>> counts) {
    }
}
