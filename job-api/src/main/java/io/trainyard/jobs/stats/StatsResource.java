package io.trainyard.jobs.stats;

import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.CurrentCaller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/training/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Training jobs")
public class StatsResource {
    private final StatsService stats;
    private final CurrentCaller caller;

    public StatsResource(StatsService stats, CurrentCaller caller) {
        this.stats = stats;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Jobs per status, worker capacity and utilisation (from heartbeats), recent throughput "
            + "and the mean queue wait",
            description = "Jobs of the caller's tenant (an operator: of every tenant, or of `tenant`); the workers "
                    + "are shared by every tenant.")
    public Uni<StatsService.Stats> get(@QueryParam("tenant") String tenant) {
        return stats.stats(caller.get().listScope(tenant));
    }
}
