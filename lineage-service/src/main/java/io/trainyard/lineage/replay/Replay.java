package io.trainyard.lineage.replay;

import io.trainyard.lineage.projection.LineageEventConsumer;
import io.trainyard.support.replay.ReadModelReplay;
import io.trainyard.support.replay.ReadModelReplay.ReadModel;

import java.util.List;

/**
 * The replay command ({@code [--allow-partial]}), run from the packaged service with every instance of
 * lineage-service stopped; started again, the service rebuilds the runs, their datasets and events from
 * the lineage topic.
 * The command line, in a shell and in the image: docs/replay.md.
 */
public final class Replay {
    public static final ReadModel READ_MODEL = new ReadModel("lineage-service",
            List.of(LineageEventConsumer.CHANNEL), List.of("lineage_event", "run_dataset", "lineage_run"));

    private Replay() {
    }

    public static void main(String[] args) {
        ReadModelReplay.main(READ_MODEL, args);
    }
}
