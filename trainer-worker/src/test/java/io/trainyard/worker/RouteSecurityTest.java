package io.trainyard.worker;

import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.support.identity.RouteSecurityContract;

/** No route of this service answers without a valid bearer token, but health, metrics and OpenAPI. */
@QuarkusTest
class RouteSecurityTest extends RouteSecurityContract {
    @Override
    protected int minimumRoutes() {
        return 1;
    }
}
