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

class KafkaBrokerIT {

    @Test
    void aRecordProducedIsConsumedBack(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir, Ports.free())) {
            Map<String, Object> common = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (var producer = new KafkaProducer<>(merge(common, Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("devstack-smoke", "job-1", "hello")).get();
            }
            try (var consumer = new KafkaConsumer<>(merge(common, Map.of(ConsumerConfig.GROUP_ID_CONFIG, "smoke",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("devstack-smoke"));
                Instant deadline = Instant.now().plusSeconds(30);
                String value = null;
                while (value == null && Instant.now().isBefore(deadline)) {
                    for (var record : consumer.poll(Duration.ofMillis(500))) {
                        value = record.value();
                    }
                }
                assertEquals("hello", value);
            }
        }
    }

    private static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        var m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }
}
