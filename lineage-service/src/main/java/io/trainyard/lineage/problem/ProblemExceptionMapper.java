package io.trainyard.lineage.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every HTTP error the API raises (bad id, unknown run, unknown path, ...) as an RFC 9457 problem. */
public class ProblemExceptionMapper {

    @ServerExceptionMapper
    public Response toProblem(WebApplicationException exception, UriInfo uriInfo) {
        Response.StatusType status = exception.getResponse().getStatusInfo();
        Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(),
                exception.getMessage(), uriInfo.getRequestUri().getRawPath());
        return Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
