package io.trainyard.devstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KafkasTest {

    @AfterEach
    void clearChoice() {
        System.clearProperty(Kafkas.PROPERTY);
    }

    @Test
    void theDevstackBrokerIsTheDefault() {
        assumeTrue(System.getenv("TRAINYARD_TEST_KAFKA") == null, "TRAINYARD_TEST_KAFKA is set");
        System.clearProperty(Kafkas.PROPERTY);
        assertEquals("devstack", Kafkas.choice());
    }

    @Test
    void anUnknownChoiceFailsNamingTheKnownOnes(@TempDir Path dir) {
        assumeTrue(System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null, "an external broker is configured");
        System.setProperty(Kafkas.PROPERTY, "nonesuch");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kafkas.start(dir, 0));
        assertTrue(e.getMessage().contains("use devstack or testcontainers"), e.getMessage());
    }

    @Test
    void testcontainersWithoutItsProfileFailsSayingWhichProfileBringsIt(@TempDir Path dir) {
        assumeTrue(System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null, "an external broker is configured");
        assumeTrue(ServiceLoader.load(KafkaLauncher.class).findFirst().isEmpty(), "built with -Ptestcontainers");
        System.setProperty(Kafkas.PROPERTY, "testcontainers");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kafkas.start(dir, 0));
        assertTrue(e.getMessage().contains("-Ptestcontainers"), e.getMessage());
    }
}
