package io.trainyard.worker.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.worker.data.Column;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/inference/predict}: predictions of a trained model for up to 100 rows. The
 * job-api proxies to it; the model is named by its {@code model_uri} as the job reported it. A model of another
 * tenant (its {@code model.json} names the tenant) is not found.
 *
 * <pre>
 * {"model_uri": "file:///…/models/&lt;job id&gt;/model-0060.params",
 *  "rows": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}
 * -> {"predictions": [{"label": "setosa", "probabilities": {"setosa": 0.98, "versicolor": 0.02, "virginica": 0.0}}]}
 * </pre>
 *
 * Regression answers {@code {"value": 23.1}} per row. A forecaster answers its {@code horizon} next values in
 * order, one {@code {"value": …}} per step; its {@code rows} (optional, up to 100) are the observations of the
 * series (its target column) since the data it was trained on, oldest first, and the forecast starts after the last
 * of them (without rows: right after the trained data). An anomaly detector answers per row its {@code label}
 * ({@code normal} or the anomalous class) and its score as {@code value}. Loading and predicting block (DJL, files), so
 * this runs on a worker thread, never on the event loop.
 */
@Path("/api/v1/inference")
public class PredictionResource {

    private final ModelCache models;
    private final CurrentCaller caller;

    public PredictionResource(ModelCache models, CurrentCaller caller) {
        this.models = models;
        this.caller = caller;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prediction(String label, Map<String, Double> probabilities, Double value) {
    }

    public record PredictionResponse(List<Prediction> predictions) {
    }

    @POST
    @Path("/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public PredictionResponse predict(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("body", "must be a JSON object with model_uri and rows");
        }
        JsonNode uri = body.get("model_uri");
        if (uri != null && !uri.isNull() && !uri.isTextual()) {
            throw ApiProblem.badRequest("model_uri", "must be a string");
        }
        String modelUri = uri == null || uri.isNull() ? null : uri.asText();
        Caller who = caller.get();
        for (int attempt = 0;; attempt++) {
            LoadedModel model = models.get(modelUri, who);
            try {
                List<LoadedModel.Prediction> predictions;
                if (model.descriptor().forecast() != null) {
                    predictions = model.forecast(PredictionRows.observations(model.descriptor().target().name(),
                            body.get("rows")));
                } else {
                    List<Column> columns = PredictionRows.columns(model.preprocessing(), body.get("rows"));
                    predictions = model.predict(columns, body.get("rows").size());
                }
                return new PredictionResponse(predictions.stream()
                        .map(p -> new Prediction(p.label(), p.probabilities(), p.value())).toList());
            } catch (IllegalStateException e) {
                // Evicted and closed between lookup and use: load it again, once.
                models.evict(model);
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }
}
