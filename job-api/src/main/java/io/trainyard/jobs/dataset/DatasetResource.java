package io.trainyard.jobs.dataset;

import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.Ids;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Datasets")
public class DatasetResource {
    private final DatasetService service;
    private final CurrentCaller caller;

    public DatasetResource(DatasetService service, CurrentCaller caller) {
        this.service = service;
        this.caller = caller;
    }

    /**
     * The body is read as it arrives, not parsed into parts first: the file goes from the connection through the
     * checks into the artifact store in one pass ({@link DatasetService#register}).
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload and register a CSV dataset", description = "Streamed: the file is checked and "
            + "stored as it arrives, in bounded memory, up to trainyard.datasets.max-bytes.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"file", "name", "target_column", "task_type"},
            properties = {
                @SchemaProperty(name = "file", type = SchemaType.STRING, format = "binary",
                        description = "the CSV (UTF-8, header row)"),
                @SchemaProperty(name = "name", type = SchemaType.STRING),
                @SchemaProperty(name = "target_column", type = SchemaType.STRING),
                @SchemaProperty(name = "task_type", type = SchemaType.STRING,
                        enumeration = {"classification", "regression"}),
                @SchemaProperty(name = "time_column", type = SchemaType.STRING, description = "optional: the column"
                        + " that orders the rows in time (ISO dates, ISO timestamps with or without a zone, or"
                        + " yyyyMMdd dates); its splits are then chronological")})))
    public Uni<Response> register(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Context HttpServerResponse response, UriInfo uri) {
        var upload = new DatasetService.Upload(caller.get(), contentType, body,
                () -> response.putHeader("Connection", "close"));
        return service.register(upload).map(d -> Response
                .created(uri.getAbsolutePathBuilder().path(d.id.toString()).build())
                .entity(DatasetResponse.of(d)).build());
    }

    @GET
    @Operation(summary = "List registered datasets, newest first",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`. With `name`: "
                    + "the versions of that dataset, newest first (registering a name again makes its next version).")
    public Uni<Map<String, List<DatasetResponse>>> list(@QueryParam("tenant") String tenant,
            @QueryParam("name") String name) {
        return service.list(caller.get().listScope(tenant), name == null ? null : name.strip())
                .map(all -> Map.of("items", all.stream().map(DatasetResponse::of).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<DatasetResponse> get(@PathParam("id") String id) {
        return service.get(caller.get(), Ids.parse(id, "id")).map(DatasetResponse::of);
    }
}
