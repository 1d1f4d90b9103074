package io.trainyard.jobs.stats;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/training/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Training jobs")
public class StatsResource {
    private final StatsService stats;

    public StatsResource(StatsService stats) {
        this.stats = stats;
    }

    @GET
    @Operation(summary = "Jobs per status, worker capacity and utilisation (from heartbeats), recent throughput "
            + "and the mean queue wait")
    public Uni<StatsService.Stats> get() {
        return stats.stats();
    }
}
