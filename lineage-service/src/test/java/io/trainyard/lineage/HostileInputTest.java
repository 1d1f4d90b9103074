package io.trainyard.lineage;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.hostile.Hostile;
import io.trainyard.support.hostile.HostileClient;
import io.trainyard.support.hostile.HostileRequest;
import io.trainyard.support.hostile.HostileRun;
import io.trainyard.support.hostile.Requests;
import io.trainyard.support.hostile.TableSnapshot;
import io.trainyard.support.problem.Params;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.trainyard.support.hostile.Requests.ids;

/** Hostile input at every route of lineage-service: no 5xx, problems naming the field, nothing written. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "lineage"), restrictToAnnotatedClass = false)
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyRouteRefusesHostileInputWithAProblemAndChangesNothing() {
        new HostileRun(new HostileClient(base))
                .route("GET /api/v1/lineage/runs/{run_id}", 150,
                        ids("GET", "/api/v1/lineage/runs/{run_id}", "run_id", "run_id"))
                .route("GET /api/v1/lineage/datasets/{namespace}/{name}/runs", 150, HostileInputTest::readers)
                .runChangingNothing(TableSnapshot::connectAsConfigured);
    }

    /** Dataset names of nothing: SQL-ish, path-ish, unicode; with a control character they are at fault. */
    private static HostileRequest readers(Hostile h) {
        String namespace = h.string();
        String name = h.string() + h.oneOf("", "/" + h.string(), "/datasets/" + java.util.UUID.randomUUID());
        HostileRequest request = HostileRequest.of("GET", "/api/v1/lineage/datasets/" + h.pathSegment(namespace) + "/"
                + h.pathSegment(name) + "/runs", null, "unknown dataset");
        if (Params.hasControlCharacters(namespace, false)) {
            request = request.alsoAt("namespace");
        }
        if (Params.hasControlCharacters(name, false)) {
            request = request.alsoAt("name");
        }
        return Requests.noise(h, request);
    }
}
