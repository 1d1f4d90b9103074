package io.trainyard.jobs.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.bundle.BundleExporter;
import io.trainyard.jobs.bundle.BundleImporter;
import io.trainyard.jobs.gateway.ReadGateway;
import io.trainyard.jobs.job.JobResource.Items;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Params;
import io.trainyard.support.problem.ProblemMapper;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Model registry")
public class ModelResource {

    static final String BUNDLE_TYPE = "application/vnd.trainyard.bundle+zip";

    /** The body of an alias change, read by hand: Jackson would take 1.5 or "2" for a version. */
    record AliasRequest(int version) {
        static AliasRequest parse(String body, ObjectMapper json) {
            JsonNode version;
            try {
                version = body == null || body.isBlank() ? null : json.readTree(body).path("version");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiProblem.badRequest("body", "malformed JSON: " + e.getOriginalMessage());
            }
            if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
                throw ApiProblem.badRequest("version", "is required, a positive version number");
            }
            return new AliasRequest(version.intValue());
        }
    }

    public record AliasResponse(String name, String alias, int version) {
    }

    private final ModelRegistry registry;
    private final ModelQueries queries;
    private final BundleExporter exporter;
    private final BundleImporter importer;
    private final ReadGateway gateway;
    private final ObjectMapper json;
    private final CurrentCaller caller;

    public ModelResource(ModelRegistry registry, ModelQueries queries, BundleExporter exporter,
            BundleImporter importer, ReadGateway gateway, ObjectMapper json, CurrentCaller caller) {
        this.caller = caller;
        this.registry = registry;
        this.queries = queries;
        this.exporter = exporter;
        this.importer = importer;
        this.gateway = gateway;
        this.json = json;
    }

    @GET
    @Path("/{name}/versions/{version}/export")
    @Produces({BUNDLE_TYPE, ProblemMapper.PROBLEM_JSON})
    @Operation(summary = "Download a version as a .trainyard bundle",
            description = "A zip with the weights, model.json and a manifest of checksums; config, metrics and "
                    + "normalisation are included unless switched off; include_samples adds num_samples (1-10) "
                    + "rows of the training data with this version's predictions.")
    public Uni<Response> export(@PathParam("name") String name, @PathParam("version") String version,
            @QueryParam("include_config") @DefaultValue("true") String config,
            @QueryParam("include_metrics") @DefaultValue("true") String metrics,
            @QueryParam("include_normalization") @DefaultValue("true") String normalization,
            @QueryParam("include_samples") @DefaultValue("false") String samples,
            @QueryParam("num_samples") @DefaultValue("3") String numSamples,
            @QueryParam("description") String description) {
        int number = Params.integer("version", version, 1, Integer.MAX_VALUE);
        var options = new BundleExporter.ExportOptions(flag("include_config", config), flag("include_metrics", metrics),
                flag("include_normalization", normalization), flag("include_samples", samples),
                Params.integer("num_samples", numSamples, 1, 10), description);
        if (description != null && description.length() > 2000) {
            throw ApiProblem.badRequest("description", "at most 2000 characters");
        }
        return exporter.export(key(name), number, options).map(bundle -> Response.ok(bundle.bytes(), BUNDLE_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + bundle.fileName() + "\"").build());
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Register a .trainyard bundle as a new version",
            description = "Verifies the manifest version, every checksum, the size limit and the entry names; a "
                    + "corrupt, tampered or foreign file is a 4xx and nothing is registered. The name defaults to "
                    + "the bundle's.")
    public Uni<Response> importBundle(@RestForm("file") FileUpload file, @RestForm("name") String name,
            @RestForm("description") String description, UriInfo uri) {
        if (file == null) {
            throw ApiProblem.badRequest("file", "a .trainyard bundle is required (multipart field 'file')");
        }
        if (description != null && (description.length() > 2000 || Params.hasControlCharacters(description, true))) {
            throw ApiProblem.badRequest("description", "at most 2000 characters, no control characters but line"
                    + " breaks and tabs");
        }
        return importer.importBundle(caller.get(), file.uploadedFile(), name, description).map(v -> Response
                .created(uri.getBaseUriBuilder().path("api/v1/models").path(v.key.name()).path("versions")
                        .path(String.valueOf(v.key.version())).build())
                .entity(ModelMapper.response(v, Map.of())).build());
    }

    private static boolean flag(String name, String value) {
        if (!"true".equals(value) && !"false".equals(value)) {
            throw ApiProblem.badRequest(name, "must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** The model a path names: one of the caller's tenant. */
    private RegisteredModel.Key key(String name) {
        return ModelQueries.keyFor(caller.get(), name);
    }

    @GET
    @Operation(summary = "Registered models with their latest version and aliases",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`.")
    public Uni<Items<ModelResponse>> list(@QueryParam("tenant") String tenant) {
        return queries.list(caller.get().listScope(tenant))
                .map(all -> new Items<>(all.stream().map(ModelMapper::response).toList()));
    }

    @GET
    @Path("/{name}")
    public Uni<ModelResponse> get(@PathParam("name") String name) {
        return queries.get(key(name)).map(ModelMapper::response);
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
        int max = Params.integer("limit", limit, 1, 1000);
        return queries.versions(key(name), orderBy, order, max).map(view -> new Items<>(
                view.versions().stream().map(v -> ModelMapper.response(v, view.aliases())).toList()));
    }

    @GET
    @Path("/{name}/versions/{version}")
    public Uni<VersionResponse> version(@PathParam("name") String name, @PathParam("version") String version) {
        int number = Params.integer("version", version, 1, Integer.MAX_VALUE);
        return queries.version(key(name), number).map(ModelMapper::response);
    }

    @GET
    @Path("/{name}/aliases/{alias}")
    @Operation(summary = "The version an alias points at")
    public Uni<VersionResponse> alias(@PathParam("name") String name, @PathParam("alias") String alias) {
        return queries.byAlias(key(name), alias).map(ModelMapper::response);
    }

    @PUT
    @Path("/{name}/aliases/{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Point an alias (e.g. champion) at a version, creating or moving it")
    public Uni<AliasResponse> setAlias(@PathParam("name") String name, @PathParam("alias") String alias,
            String body) {
        AliasRequest request = AliasRequest.parse(body, json);
        Caller who = caller.get();
        return registry.setAlias(who, ModelQueries.keyFor(who, name), alias, request.version())
                .map(a -> new AliasResponse(name, alias, a.version));
    }

    @DELETE
    @Path("/{name}/aliases/{alias}")
    public Uni<Void> removeAlias(@PathParam("name") String name, @PathParam("alias") String alias) {
        Caller who = caller.get();
        return registry.removeAlias(who, ModelQueries.keyFor(who, name), alias);
    }

    @POST
    @Path("/{name}/versions/{version}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Predict a few rows with a registered version (a sanity check, not a serving API)",
            description = "Body {\"rows\": [{\"column\": value, ...}, ...]}, 1 to " + PredictRequest.MAX_ROWS
                    + " rows with the feature columns by name. Classification answers a label and class "
                    + "probabilities per row, regression a value, an anomaly detector a label and score. A "
                    + "forecaster's rows (0 to " + PredictRequest.MAX_ROWS + ") are the series' observations since "
                    + "its training data; it answers its horizon's next values.")
    public Uni<JsonNode> predict(@PathParam("name") String name, @PathParam("version") String version, String body) {
        int number = Params.integer("version", version, 1, Integer.MAX_VALUE);
        PredictRequest request = PredictRequest.parse(body, json);
        return queries.bareVersion(key(name), number).flatMap(v -> {
            request.requireRowsFor(v.modelFamily);
            return gateway.predict(v.artifactUri, request.rows());
        });
    }
}
