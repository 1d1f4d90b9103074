package io.trainyard.devstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class KafkaBrokerIT {

    @Test
    void aRecordProducedIsConsumedBack(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, Ports.free())) {
            produce(broker, "hello");
            assertEquals("hello", consumeOne(broker));
        }
    }

    /** A broker that went down comes back where clients knew it, with what it had stored. */
    @Test
    void aStoppedBrokerStartsAgainOnItsPortWithItsRecords(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, Ports.free())) {
            produce(broker, "before the outage");
            String address = broker.bootstrapServers();
            broker.stop();
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            assertFalse(Ports.isOpen("127.0.0.1", port), "nothing listens while stopped");

            broker.start();
            assertEquals(address, broker.bootstrapServers());
            assertEquals("before the outage", consumeOne(broker));
        }
    }

    private static void produce(KafkaBroker broker, String value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("devstack-smoke", "job-1", value)).get();
        }
    }

    private static String consumeOne(KafkaBroker broker) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "smoke", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("devstack-smoke"));
            Instant deadline = Instant.now().plusSeconds(30);
            String value = null;
            while (value == null && Instant.now().isBefore(deadline)) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    value = record.value();
                }
            }
            return value;
        }
    }
}
