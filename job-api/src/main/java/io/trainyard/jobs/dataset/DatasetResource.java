package io.trainyard.jobs.dataset;

import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.Ids;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

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

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload and register a CSV dataset")
    public Uni<Response> register(@RestForm("file") FileUpload file, @RestForm("name") String name,
            @RestForm("target_column") String targetColumn, @RestForm("task_type") String taskType, UriInfo uri) {
        var upload = new DatasetService.Upload(caller.get(), file == null ? null : file.uploadedFile(),
                file == null ? 0 : file.size(), name, targetColumn, taskType);
        return service.register(upload).map(d -> Response
                .created(uri.getAbsolutePathBuilder().path(d.id.toString()).build())
                .entity(DatasetResponse.of(d)).build());
    }

    @GET
    @Operation(summary = "List registered datasets, newest first",
            description = "The caller's tenant; an operator sees every tenant's, or those of `tenant`.")
    public Uni<Map<String, List<DatasetResponse>>> list(@QueryParam("tenant") String tenant) {
        return service.list(caller.get().listScope(tenant)).map(all -> Map.of("items", all.stream().map(DatasetResponse::of).toList()));
    }

    @GET
    @Path("/{id}")
    public Uni<DatasetResponse> get(@PathParam("id") String id) {
        return service.get(caller.get(), Ids.parse(id, "id")).map(DatasetResponse::of);
    }
}
