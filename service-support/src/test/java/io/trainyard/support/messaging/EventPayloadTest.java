package io.trainyard.support.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventPayloadTest {
    record Reading(String sensor, double value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventPayload<Reading> PAYLOAD = EventPayload.of(Reading.class, r -> r.sensor() != null,
            "sensor", "io.example.reading.v1");

    @Test
    void aCompletePayloadReadsAsItsRecord() {
        assertEquals(new Reading("t1", 2.5), PAYLOAD.read(JSON, "{\"sensor\": \"t1\", \"value\": 2.5}"));
    }

    @Test
    void anIncompleteOrMalformedPayloadIsRefusedWithTheKindOfPoisonFirst() {
        assertEquals("missing-fields: Reading payload lacks sensor", refused("{\"value\": 2.5}", Kind.MISSING_FIELDS));
        refused("null", Kind.MISSING_FIELDS);
        refused("{not json", Kind.NOT_JSON);
        refused("{\"sensor\": \"t1\", \"value\": \"high\"}", Kind.MALFORMED);
    }

    private static String refused(String payload, Kind kind) {
        PoisonRecordException e = assertThrows(PoisonRecordException.class, () -> PAYLOAD.read(JSON, payload));
        assertEquals(kind, e.kind(), e.getMessage());
        return e.getMessage();
    }
}
