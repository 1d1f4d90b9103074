package io.trainyard.support.problem;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Raises the same faults in every service that runs {@link ProblemContract}: it lives in this module's
 * tests jar (indexed through its beans.xml), so it exists only in test runs.
 */
@Path("/test-faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultResource {

    @GET
    @Path("/ids/{id}")
    public String id(@PathParam("id") String id) {
        return Ids.parse(id, "id").toString();
    }

    @GET
    @Path("/limit")
    public int limit(@QueryParam("limit") String limit) {
        return Params.integer("limit", limit, 1, 100);
    }

    @GET
    @Path("/things/{id}")
    public String missing(@PathParam("id") String id) {
        throw ApiProblem.notFound("thing", Ids.parse(id, "id"));
    }

    @GET
    @Path("/conflict")
    public String conflict() {
        throw ApiProblem.conflict("the thing is busy");
    }

    @GET
    @Path("/unexpected")
    public String unexpected() {
        throw new IllegalStateException("internal detail that must not leak");
    }
}
