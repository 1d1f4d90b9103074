package io.trainyard.worker.training;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.contracts.Tenants;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.FeatureEncoding;
import io.trainyard.worker.data.Preprocessing;
import io.trainyard.worker.data.SeriesWindows;
import io.trainyard.worker.data.TargetEncoding;
import io.trainyard.worker.data.TrainingDataLoader;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code model.json}, beside the params file in {@code models/<jobId>/}: everything another process
 * needs to rebuild the network and predict with it.
 *
 * <ul>
 * <li>The network: {@code model_family} and the effective {@code hyperparameters} (the family's
 * schema names, as the API shows them) rebuild it through {@link Networks}; {@code network} lists the
 * same layers as data for non-Java readers;
 * {@code input_width} and {@code target.class_labels} (or 1 output) give its shape.</li>
 * <li>The inputs: {@code columns} is the order of the feature columns; each of {@code features}
 * says how its column is encoded (numeric: {@code (x - mean) / std}; categorical: one input per
 * category, in order, 1 for the row's category, all 0 for an unseen one). {@code input_names} names
 * the encoded inputs in order.</li>
 * <li>The outputs: classification = logits over {@code target.class_labels} (softmax for
 * probabilities); regression = the standardised target, {@code value = output * target.std + target.mean}.</li>
 * <li>A forecaster ({@code forecast}): its inputs are the series' last {@code lookback} values, each minus the
 * last of them and divided by {@code scale}; its {@code horizon} outputs are the next steps the same way,
 * {@code value = last + output * scale}. {@code history} holds the series' last {@code lookback} values (the end
 * of the data it was trained on, up to {@code last_time}): what it forecasts from when a request gives none.</li>
 * <li>An anomaly detector ({@code anomaly}): its outputs reconstruct its inputs; a row's score is the mean squared
 * difference of the two, and a score above {@code threshold} makes the row {@code label} (else {@code normal}).</li>
 * <li>The weights: {@code params_file} (DJL's params format) and its {@code params_sha256}.</li>
 * <li>The owner: {@code tenant}, the tenant whose job trained it (or who imported it); only that tenant's
 * callers (and operators) get predictions from it. Absent in models from before tenancy: tenant
 * {@link Tenants#DEFAULT}.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDescriptor(int formatVersion, UUID jobId, String modelName, String modelFamily, TaskType taskType,
        String engine, String djlVersion, Map<String, Object> hyperparameters, List<String> columns, int inputWidth,
        List<String> inputNames, List<FeatureEncoding> features, TargetEncoding target,
        List<Map<String, Object>> network, long parameterCount, Integer keptEpoch, Integer lastEpoch,
        String stopReason, String paramsFile, String paramsSha256, Instant createdAt, String tenant,
        Forecast forecast, Anomaly anomaly) {

    /** An anomaly detector's verdict: a row whose reconstruction error is above {@code threshold} is {@code label}. */
    public record Anomaly(double threshold, String label) {
    }

    /** A forecaster's window: see the class comment. */
    public record Forecast(String timeColumn, int lookback, int horizon, double scale, List<Double> history,
            String lastTime) {
    }

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "model.json";

    /** A freshly trained model's descriptor; {@link #withParams} adds its params file once that is written. */
    public static ModelDescriptor of(UUID jobId, String tenant, String modelName, ModelFamily family,
            Hyperparameters hp, Preprocessing prep, ModelSink.TrainedModel trained) {
        return of(jobId, tenant, modelName, family, hp, prep, null, null, trained);
    }

    /** The descriptor of a model trained on this data (a forecaster's records its window and history). */
    public static ModelDescriptor of(UUID jobId, String tenant, String modelName, ModelFamily family,
            Hyperparameters hp, TrainingDataLoader.Prepared dataset, ModelSink.TrainedModel trained) {
        SeriesWindows series = dataset.data().series();
        Forecast forecast = null;
        if (series != null) {
            Column.Categorical time = dataset.table().time();
            int[] test = dataset.split().test();
            int[] validation = dataset.split().validation();
            int last = test.length > 0 ? test[test.length - 1] : validation[validation.length - 1];
            forecast = new Forecast(time.name(), series.lookback(), series.horizon(), series.scale(),
                    Arrays.stream(series.lastWindow()).boxed().toList(), time.value(last));
        }
        Anomaly anomaly = dataset.data().anomaly() == null || trained.anomalyThreshold() == null ? null
                : new Anomaly(trained.anomalyThreshold(), dataset.data().anomaly().anomalyLabel());
        return of(jobId, tenant, modelName, family, hp, dataset.preprocessing(), forecast, anomaly, trained);
    }

    private static ModelDescriptor of(UUID jobId, String tenant, String modelName, ModelFamily family,
            Hyperparameters hp, Preprocessing prep, Forecast forecast, Anomaly anomaly,
            ModelSink.TrainedModel trained) {
        int width = forecast == null ? prep.inputWidth() : forecast.lookback();
        int outputs = forecast != null ? forecast.horizon() : family.anomalyDetector() ? width
                : prep.target().outputs();
        return new ModelDescriptor(FORMAT_VERSION, jobId, modelName, family.wireName(), family.taskType(),
                DjlEngines.ENGINE_NAME, Engine.getDjlVersion(), hp.values(family), prep.columnNames(),
                width, prep.inputNames(), prep.features(), prep.target(),
                Networks.describe(family, hp, width, outputs), trained.parameterCount(),
                trained.keptEpoch(), trained.lastEpoch(), trained.stopReason().wireName(), null, null, Instant.now(),
                tenant, forecast, anomaly);
    }

    /** Width of the network's output layer. */
    public int outputs() {
        if (forecast != null) {
            return forecast.horizon();
        }
        return anomaly != null ? inputWidth : target.outputs();
    }

    public ModelDescriptor withParams(String file, String sha256) {
        return new ModelDescriptor(formatVersion, jobId, modelName, modelFamily, taskType, engine, djlVersion,
                hyperparameters, columns, inputWidth, inputNames, features, target, network, parameterCount,
                keptEpoch, lastEpoch, stopReason, file, sha256, createdAt, tenant, forecast, anomaly);
    }

    /** The tenant whose model it is. */
    public String tenantOrDefault() {
        return Tenants.orDefault(tenant);
    }

    /** The hyperparameters as the record {@link Networks} builds from (validated against the family). */
    public Hyperparameters effectiveHyperparameters() {
        ModelFamily family = ModelFamily.parse(modelFamily).orElseThrow(() -> new IllegalArgumentException(
                "unknown model family '" + modelFamily + "'"));
        HyperparameterValidator.Result result = HyperparameterValidator.validate(family, hyperparameters);
        if (!result.isValid()) {
            throw new IllegalArgumentException("invalid hyperparameters in " + FILE_NAME + ": " + result.violations());
        }
        return result.effective();
    }

    /** The preprocessing the model was trained with, to encode new rows exactly as the training rows. */
    public Preprocessing preprocessing() {
        return new Preprocessing(features, target);
    }
}
