package io.trainyard.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.hostile.HostileClient;
import io.trainyard.support.hostile.HostileRun;
import io.trainyard.support.hostile.OpenApiRoutes;
import io.trainyard.support.hostile.TableSnapshot;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.trainyard.support.hostile.Requests.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hostile input at every route of metrics-service: no 5xx, problems naming the field, nothing written. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "metrics"), restrictToAnnotatedClass = false)
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyRouteRefusesHostileInputWithAProblemAndChangesNothing() {
        HostileClient client = new HostileClient(base);
        HostileRun run = new HostileRun(client)
                .route("GET /api/v1/metrics/jobs/{job_id}", 200,
                        ids("GET", "/api/v1/metrics/jobs/{job_id}", "job_id", "job_id"));
        TableSnapshot before = TableSnapshot.settled(TableSnapshot::connectAsConfigured);
        run.run(OpenApiRoutes.load(client));
        assertEquals("", before.difference(TableSnapshot.take(TableSnapshot::connectAsConfigured)),
                "hostile requests changed the database");
    }
}
