package io.trainyard.devstack;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The one place that decides which Kafka the tests and the local run use: the broker named by
 * {@code KAFKA_BOOTSTRAP_SERVERS} if set; otherwise property {@code trainyard.test.kafka} (or env
 * {@code TRAINYARD_TEST_KAFKA}): {@code devstack} (default) starts a KRaft node from the Maven Central
 * jars, {@code testcontainers} one in a container (needs Docker and the Maven profile of that name).
 */
public final class Kafkas {
    public static final String PROPERTY = "trainyard.test.kafka";
    static final String DEVSTACK = "devstack";

    private Kafkas() {
    }

    /** Connects to or starts the chosen broker; {@code port} is used by the devstack broker (0: any free one). */
    public static RunningKafka start(Path workDir, int port) {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return new External(external);
        }
        String choice = choice();
        if (choice.equals(DEVSTACK)) {
            return KafkaBroker.start(workDir, port == 0 ? Ports.free() : port);
        }
        return ServiceLoader.load(KafkaLauncher.class).stream().map(ServiceLoader.Provider::get)
                .filter(launcher -> launcher.name().equals(choice)).findFirst()
                .orElseThrow(() -> new IllegalStateException(PROPERTY + "=" + choice + " but no such broker is on the"
                        + " classpath: " + (choice.equals("testcontainers")
                        ? "build with the Maven profile -Ptestcontainers" : "use devstack or testcontainers")))
                .start(workDir);
    }

    static String choice() {
        String value = System.getProperty(PROPERTY, System.getenv().getOrDefault("TRAINYARD_TEST_KAFKA", DEVSTACK));
        return value.isBlank() ? DEVSTACK : value.trim();
    }

    /** A broker someone else runs: nothing to stop. */
    private record External(String bootstrapServers) implements RunningKafka {
        @Override
        public void close() {
        }
    }
}
