package io.trainyard.devstack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class KafkaBrokerTest {

    @Test
    void clusterIdsNeverStartWithADashTheStorageToolWouldTakeForAnOption() {
        // One id in 64 would start with '-' without the guard; 10,000 draws make a miss all but impossible.
        for (int i = 0; i < 10_000; i++) {
            String id = KafkaBroker.clusterId();
            assertFalse(id.startsWith("-"), id);
            assertEquals(22, id.length(), id);
        }
    }
}
