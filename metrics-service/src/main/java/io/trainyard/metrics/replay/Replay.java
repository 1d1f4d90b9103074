package io.trainyard.metrics.replay;

import io.trainyard.metrics.projection.EpochMetricsConsumer;
import io.trainyard.support.replay.ReadModelReplay;
import io.trainyard.support.replay.ReadModelReplay.ReadModel;

import java.util.List;

/**
 * The replay command ({@code [--allow-partial]}), run from the packaged service with every instance of
 * metrics-service stopped; started again, the service rebuilds the metric series from the metrics topic.
 * The command line, in a shell and in the image: docs/replay.md.
 */
public final class Replay {
    public static final ReadModel READ_MODEL = new ReadModel("metrics-service", List.of(EpochMetricsConsumer.CHANNEL),
            List.of("epoch_metric"));

    private Replay() {
    }

    public static void main(String[] args) {
        ReadModelReplay.main(READ_MODEL, args);
    }
}
