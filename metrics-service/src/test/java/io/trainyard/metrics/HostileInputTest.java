package io.trainyard.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.hostile.HostileClient;
import io.trainyard.support.hostile.HostileRun;
import io.trainyard.support.hostile.TableSnapshot;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.trainyard.support.hostile.Requests.ids;

/** Hostile input at every route of metrics-service: no 5xx, problems naming the field, nothing written. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "metrics"), restrictToAnnotatedClass = false)
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyRouteRefusesHostileInputWithAProblemAndChangesNothing() {
        new HostileRun(new HostileClient(base))
                .route("GET /api/v1/metrics/jobs/{job_id}", 200,
                        ids("GET", "/api/v1/metrics/jobs/{job_id}", "job_id", "job_id"))
                .runChangingNothing(TableSnapshot::connectAsConfigured);
    }
}
