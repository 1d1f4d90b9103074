package io.trainyard.worker.training;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Early stopping's bookkeeping, without an engine: which epoch is best, its weights, and the patience. */
class BestEpochTest {
    final AtomicInteger copies = new AtomicInteger();

    static EpochResult epoch(int epoch, double valLoss) {
        return new EpochResult(epoch, 0.5, valLoss, null, null, 1.0, 1.0, 0.01, 10, 100);
    }

    BestEpoch.CurrentWeights weightsOf(int epoch) {
        return () -> {
            copies.incrementAndGet();
            return new byte[] {(byte) epoch};
        };
    }

    @Test
    void theBestEpochKeepsItsWeightsAndThePatienceCountsTheEpochsSince() throws Exception {
        BestEpoch best = new BestEpoch(null);
        assertEquals(0, best.epoch());
        assertEquals(0.0, best.valLoss(), "as a checkpoint records it before the first epoch");
        assertNull(best.weights());
        best.record(epoch(1, 0.9), weightsOf(1));
        best.record(epoch(2, 0.5), weightsOf(2));
        best.record(epoch(3, 0.6), weightsOf(3));
        best.record(epoch(4, 0.5), weightsOf(4));
        assertEquals(2, best.epoch(), "a tie is no improvement");
        assertEquals(0.5, best.valLoss());
        assertEquals(epoch(2, 0.5), best.result());
        assertArrayEquals(new byte[] {2}, best.weights());
        assertEquals(2, copies.get(), "weights are copied only for a new best epoch");
        assertEquals(2, best.withoutImprovement());
        assertTrue(best.patienceRanOut(2));
        assertFalse(best.patienceRanOut(3));
        assertFalse(best.patienceRanOut(0), "0 turns early stopping off");
    }

    @Test
    void aResumedRunContinuesTheCheckpointsBookkeeping() throws Exception {
        CheckpointState checkpoint = new CheckpointState(3, "pause", new byte[] {9}, new byte[] {2}, 2, 0.4, 1,
                epoch(2, 0.4), epoch(3, 0.45), 1000, 4, 3);
        BestEpoch best = new BestEpoch(checkpoint);
        assertEquals(2, best.epoch());
        assertArrayEquals(new byte[] {2}, best.weights());
        best.record(epoch(4, 0.41), weightsOf(4));
        assertEquals(2, best.withoutImprovement());
        best.record(epoch(5, 0.3), weightsOf(5));
        assertEquals(5, best.epoch());
        assertEquals(0, best.withoutImprovement());

        BestEpoch beforeAnyEpoch = new BestEpoch(new CheckpointState(0, "pause", new byte[] {9}, null, 0, 0.0, 0,
                null, null, 10, 4, 3));
        beforeAnyEpoch.record(epoch(1, 7.0), weightsOf(1));
        assertEquals(1, beforeAnyEpoch.epoch(), "any loss beats none");
    }
}
