package io.trainyard.worker.training;

import io.trainyard.contracts.CheckpointRef;

import java.io.IOException;

/** Persists a checkpoint (on pause, or every N epochs) and says where it is. */
@FunctionalInterface
public interface CheckpointSink {
    CheckpointRef save(CheckpointState state) throws IOException;

    CheckpointSink NONE = state -> {
        throw new IOException("this run has nowhere to save checkpoints");
    };
}
