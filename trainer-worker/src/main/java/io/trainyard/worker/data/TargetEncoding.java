package io.trainyard.worker.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trainyard.contracts.TaskType;

import java.util.List;

/**
 * How the target becomes the training label: a class index into {@code classLabels} (sorted) for
 * classification; for regression the value standardised with the training split's mean/std, which
 * predictions are mapped back through.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetEncoding(String name, TaskType taskType, List<String> classLabels, Double mean, Double std) {

    /** Width of the model's output layer. */
    public int outputs() {
        return taskType == TaskType.CLASSIFICATION ? classLabels.size() : 1;
    }
}
