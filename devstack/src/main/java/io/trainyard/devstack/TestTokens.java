package io.trainyard.devstack;

/**
 * The bearer tokens of the services under test ({@link TrainyardTestResource#IDENTITY}): the default caller,
 * {@link #USER} in {@link #TENANT} (the tenant rows without one belong to), and any other a test needs. Plain, so
 * that tests outside Quarkus (service-support's) can use it; {@link DefaultTestCaller} sends the default one.
 */
public final class TestTokens {
    public static final String USER = "tester";
    public static final String TENANT = "default";

    private TestTokens() {
    }

    /** A token of {@code user} in {@code tenant} (null: none) with these roles. */
    public static String token(String user, String tenant, String... roles) {
        return TrainyardTestResource.IDENTITY.token(user, tenant, roles);
    }

    /** The token requests send by default. */
    public static String token() {
        return token(USER, TENANT);
    }
}
