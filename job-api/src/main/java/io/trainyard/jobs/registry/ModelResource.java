package io.trainyard.jobs.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.gateway.ReadGateway;
import io.trainyard.contracts.Evaluation;
import io.trainyard.jobs.problem.ApiProblem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Model registry")
public class ModelResource {

    public record VersionResponse(String name, int version, String source, UUID jobId, String modelFamily,
            String taskType, Map<String, Object> hyperparameters, Map<String, Double> metrics, Evaluation evaluation,
            UUID datasetId, String datasetSha256, String artifactUri, String artifactSha256, Long parameterCount,
            String device, String description, List<String> aliases, Instant createdAt) {

        static VersionResponse of(ModelVersion v, Map<String, Integer> aliases) {
            List<String> mine = aliases.entrySet().stream().filter(e -> e.getValue() == v.key.version())
                    .map(Map.Entry::getKey).toList();
            return new VersionResponse(v.key.name(), v.key.version(), v.source, v.jobId, v.modelFamily, v.taskType,
                    v.hyperparameters, v.metrics, v.evaluation, v.datasetId, v.datasetSha256, v.artifactUri,
                    v.artifactSha256, v.parameterCount, v.device, v.description, mine, v.createdAt);
        }
    }

    public record ModelResponse(String name, int latestVersion, int versionCount, Map<String, Integer> aliases,
            VersionResponse latest, Instant createdAt, Instant updatedAt) {

        static ModelResponse of(ModelRegistry.ModelView view) {
            var latest = view.versions().isEmpty() ? null : VersionResponse.of(view.versions().get(0), view.aliases());
            return new ModelResponse(view.model().name, view.model().latestVersion, view.versions().size(),
                    view.aliases(), latest, view.model().createdAt, view.model().updatedAt);
        }
    }

    public record Items<T>(List<T> items) {
    }

    static final int MAX_PREDICT_ROWS = 100;

    public record AliasRequest(Integer version) {
    }

    public record AliasResponse(String name, String alias, int version) {
    }

    private final ModelRegistry registry;
    private final ReadGateway gateway;
    private final ObjectMapper json;

    public ModelResource(ModelRegistry registry, ReadGateway gateway, ObjectMapper json) {
        this.registry = registry;
        this.gateway = gateway;
        this.json = json;
    }

    @GET
    @Operation(summary = "Registered models with their latest version and aliases")
    public Uni<Items<ModelResponse>> list() {
        return registry.list().map(all -> new Items<>(all.stream().map(ModelResponse::of).toList()));
    }

    @GET
    @Path("/{name}")
    public Uni<ModelResponse> get(@PathParam("name") String name) {
        return registry.get(name).map(ModelResponse::of);
    }

    @GET
    @Path("/{name}/versions")
    @Operation(summary = "Versions, newest first, or the top N by a metric",
            description = "order_by=<metric> ranks best first: ascending for metrics ending in loss, rmse or mae, "
                    + "descending otherwise; order=asc|desc overrides. Versions without the metric come last.")
    public Uni<Items<VersionResponse>> versions(@PathParam("name") String name, @QueryParam("order_by") String orderBy,
            @QueryParam("order") String order, @QueryParam("limit") @DefaultValue("100") String limit) {
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiProblem.badRequest("order", "must be asc or desc");
        }
        int max = positive("limit", limit, 1000);
        return registry.versions(name, orderBy, order, max).map(view -> new Items<>(
                view.versions().stream().map(v -> VersionResponse.of(v, view.aliases())).toList()));
    }

    @GET
    @Path("/{name}/versions/{version}")
    public Uni<VersionResponse> version(@PathParam("name") String name, @PathParam("version") String version) {
        int number = positive("version", version, Integer.MAX_VALUE);
        return registry.get(name).flatMap(view -> registry.version(name, number)
                .map(v -> VersionResponse.of(v, view.aliases())));
    }

    @GET
    @Path("/{name}/aliases/{alias}")
    @Operation(summary = "The version an alias points at")
    public Uni<VersionResponse> alias(@PathParam("name") String name, @PathParam("alias") String alias) {
        return registry.get(name).flatMap(view -> registry.byAlias(name, alias)
                .map(v -> VersionResponse.of(v, view.aliases())));
    }

    @PUT
    @Path("/{name}/aliases/{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Point an alias (e.g. champion) at a version, creating or moving it")
    public Uni<AliasResponse> setAlias(@PathParam("name") String name, @PathParam("alias") String alias,
            AliasRequest request) {
        if (request == null || request.version() == null || request.version() < 1) {
            throw ApiProblem.badRequest("version", "is required, a positive version number");
        }
        return registry.setAlias(name, alias, request.version())
                .map(a -> new AliasResponse(name, alias, a.version));
    }

    @DELETE
    @Path("/{name}/aliases/{alias}")
    public Uni<Void> removeAlias(@PathParam("name") String name, @PathParam("alias") String alias) {
        return registry.removeAlias(name, alias);
    }

    @POST
    @Path("/{name}/versions/{version}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict a few rows with a registered version (a sanity check, not a serving API)",
            description = "Body {\"rows\": [{\"column\": value, ...}, ...]}, 1 to " + MAX_PREDICT_ROWS
                    + " rows with the feature columns by name. Classification answers a label and class "
                    + "probabilities per row, regression a value.")
    public Uni<JsonNode> predict(@PathParam("name") String name, @PathParam("version") String version, String body) {
        int number = positive("version", version, Integer.MAX_VALUE);
        JsonNode rows = predictRows(body);
        return registry.version(name, number).flatMap(v -> {
            ObjectNode request = json.createObjectNode();
            request.put("model_uri", v.artifactUri);
            request.set("rows", rows);
            return gateway.predict(request);
        });
    }

    private JsonNode predictRows(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("body", "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("rows").isArray()) {
            throw ApiProblem.badRequest("rows", "the body must be an object with an array \"rows\"");
        }
        JsonNode rows = root.get("rows");
        if (rows.isEmpty() || rows.size() > MAX_PREDICT_ROWS) {
            throw ApiProblem.badRequest("rows", "between 1 and " + MAX_PREDICT_ROWS + " rows, got " + rows.size());
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isObject()) {
                throw ApiProblem.badRequest("rows[" + i + "]", "must be an object of column -> value");
            }
        }
        return rows;
    }

    private static int positive(String field, String value, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(field, "must be an integer between 1 and " + max + ", got \"" + value + "\"");
    }
}
