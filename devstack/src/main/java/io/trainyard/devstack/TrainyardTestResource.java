package io.trainyard.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Quarkus test resource giving a service real infrastructure: the Kafka broker {@link Kafkas} chooses
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, else one started for this test JVM), and a fresh PostgreSQL
 * database (arg {@code database}, omitted for services without one) dropped after the tests, and the
 * tokens of {@link #IDENTITY} (see {@link DefaultTestCaller}).
 */
public class TrainyardTestResource implements QuarkusTestResourceLifecycleManager {
    /** The identity provider of every service under test in this JVM. */
    public static final DevIdentity IDENTITY = DevIdentity.generate();
    private static RunningKafka sharedBroker;
    private static PostgresServer sharedPostgres;

    private String databasePrefix;
    private String databaseName;

    @Override
    public void init(Map<String, String> initArgs) {
        databasePrefix = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(IDENTITY.serviceConfig());
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers());
        if (databasePrefix != null) {
            databaseName = (databasePrefix + "_test_" + UUID.randomUUID().toString().substring(0, 8))
                    .toLowerCase(Locale.ROOT);
            PostgresServer.Database db = postgres().freshDatabase(databaseName);
            config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            config.put("quarkus.datasource.reactive.url", db.reactiveUrl());
            config.put("quarkus.datasource.username", db.user());
            config.put("quarkus.datasource.password", db.password());
        }
        return config;
    }

    @Override
    public void stop() {
        if (databaseName != null) {
            postgres().dropDatabase(databaseName);
        }
    }

    /**
     * The broker all tests of this JVM share (the one {@link Kafkas} chooses); topics and groups are per
     * test, so sharing is safe.
     */
    public static synchronized String kafkaBootstrapServers() {
        if (sharedBroker == null) {
            try {
                Path dir = Files.createTempDirectory("trainyard-kafka-");
                sharedBroker = Kafkas.start(dir, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(sharedBroker::close));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return sharedBroker.bootstrapServers();
    }

    static synchronized PostgresServer postgres() {
        if (sharedPostgres == null) {
            try {
                sharedPostgres = PostgresServer.connect(Files.createTempDirectory("trainyard-pg-"));
                Runtime.getRuntime().addShutdownHook(new Thread(sharedPostgres::close));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return sharedPostgres;
    }
}
