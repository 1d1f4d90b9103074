package io.trainyard.devstack;

import java.nio.file.Path;

/**
 * Another way to get a broker than the devstack's own KRaft node, found with {@link java.util.ServiceLoader}
 * so that its libraries are on the classpath only when chosen (Testcontainers: Maven profile testcontainers).
 */
public interface KafkaLauncher {

    /** The value of {@code trainyard.test.kafka} that selects this launcher. */
    String name();

    RunningKafka start(Path workDir);
}
