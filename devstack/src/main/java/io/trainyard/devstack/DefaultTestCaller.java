package io.trainyard.devstack;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every {@code @QuarkusTest} request sends a bearer token of {@link #USER} in {@link #TENANT} (the tenant rows
 * without one belong to) unless it sets its own {@code Authorization} header: tests of other behaviour need not
 * repeat it, and a test about identity sets exactly what it means.
 */
public class DefaultTestCaller implements QuarkusTestBeforeEachCallback {
    public static final String USER = "tester";
    public static final String TENANT = "default";
    private static volatile boolean installed;

    /** A token of {@code user} in {@code tenant} with these roles, trusted by the services under test. */
    public static String token(String user, String tenant, String... roles) {
        return TrainyardTestResource.IDENTITY.token(user, tenant, roles);
    }

    /** The token requests send by default. */
    public static String token() {
        return token(USER, TENANT);
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!installed) {
            String bearer = "Bearer " + token();
            RestAssured.filters((request, response, chain) -> {
                if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                    request.header("Authorization", bearer);
                }
                return chain.next(request, response);
            });
            installed = true;
        }
    }
}
