package io.trainyard.devstack;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every {@code @QuarkusTest} request sends {@link TestTokens#token()} unless it sets its own {@code Authorization}
 * header: tests of other behaviour need not repeat it, and a test about identity sets exactly what it means.
 */
public class DefaultTestCaller implements QuarkusTestBeforeEachCallback {
    private static volatile boolean installed;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!installed) {
            String bearer = "Bearer " + TestTokens.token();
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
