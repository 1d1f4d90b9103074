package io.trainyard.support.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventPayloadTest {
    record Reading(String sensor, double value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventPayload<Reading> PAYLOAD = EventPayload.of(Reading.class, r -> r.sensor() != null,
            "sensor", "io.example.reading.v1", "io.example.reading.v2");

    @Test
    void aCompletePayloadReadsAsItsRecord() throws Exception {
        assertEquals(new Reading("t1", 2.5), PAYLOAD.read(JSON, "{\"sensor\": \"t1\", \"value\": 2.5}"));
        assertEquals(Set.of("io.example.reading.v1", "io.example.reading.v2"), PAYLOAD.ceTypes());
    }

    @Test
    void anIncompleteOrMalformedPayloadIsRefusedWithTheReason() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PAYLOAD.read(JSON, "{\"value\": 2.5}"));
        assertEquals("Reading payload lacks sensor", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PAYLOAD.read(JSON, "null"));
        assertThrows(JsonProcessingException.class, () -> PAYLOAD.read(JSON, "{not json"));
    }
}
