package io.trainyard.devstack;

/** A Kafka broker the tests and the local run talk to; closing it stops what was started for it. */
public interface RunningKafka extends AutoCloseable {

    String bootstrapServers();

    @Override
    void close();
}
