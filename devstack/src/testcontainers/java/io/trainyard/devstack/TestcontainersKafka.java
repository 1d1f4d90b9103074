package io.trainyard.devstack;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;

/**
 * Kafka in a container (KRaft, image {@code apache/kafka}) through Testcontainers' Kafka module, for
 * teams with Docker: {@code ./mvnw verify -Ptestcontainers}. Compiled and on the classpath only with
 * that profile, which also sets {@code trainyard.test.kafka=testcontainers}.
 */
public final class TestcontainersKafka implements KafkaLauncher {
    /** The image; the profile sets apache/kafka of the devstack broker's Kafka version. */
    static final String IMAGE_PROPERTY = "trainyard.test.kafka.image";

    @Override
    public String name() {
        return "testcontainers";
    }

    @Override
    public RunningKafka start(Path workDir) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(Kafkas.PROPERTY + "=testcontainers needs a Docker daemon (or another"
                    + " container runtime Testcontainers supports) and found none; without Docker, run the tests"
                    + " without -Ptestcontainers: the devstack starts Kafka from the Maven Central jars");
        }
        String image = System.getProperty(IMAGE_PROPERTY);
        if (image == null || image.isBlank()) {
            throw new IllegalStateException(IMAGE_PROPERTY + " is not set: run with -Ptestcontainers, which sets it");
        }
        // The devstack broker's settings the tests rely on: three partitions so per-key ordering is
        // exercised, topics created on first use, consumer groups that form without delay.
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new RunningKafka() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
