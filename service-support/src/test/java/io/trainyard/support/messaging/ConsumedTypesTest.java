package io.trainyard.support.messaging;

import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a consumer does with each kind of {@code ce_type} (docs/events.md, "Event types"). */
class ConsumedTypesTest {
    private static final ConsumedTypes PROGRESS = ConsumedTypes.within("io.example.job.", "io.example.job.running.v1",
            "io.example.job.failed.v1");

    @Test
    void aTypeItReadsIsTaken() {
        assertEquals("e1", PROGRESS.admit(record("io.example.job.failed.v1")).orElseThrow().getId());
    }

    @Test
    void aNewTypeOfItsNamespaceIsSkippedNotDeadLettered() {
        assertTrue(PROGRESS.admit(record("io.example.job.exploded.v1")).isEmpty());
    }

    @Test
    void aNewerVersionOfATypeItReadsIsDeadLetteredEvenInsideItsNamespace() {
        assertEquals(Kind.FUTURE_VERSION, rejected(PROGRESS, "io.example.job.running.v2"));
        assertEquals(Kind.FUTURE_VERSION, rejected(ConsumedTypes.only("io.example.log.v1"), "io.example.log.v12"));
    }

    @Test
    void anyOtherTypeOrNoCloudEventAtAllIsDeadLettered() {
        assertEquals(Kind.UNKNOWN_TYPE, rejected(PROGRESS, "io.example.worker.heartbeat.v1"));
        assertEquals(Kind.UNKNOWN_TYPE, rejected(ConsumedTypes.only("io.example.log.v1"), "io.example.log.debug.v1"));
        PoisonRecordException none = assertThrows(PoisonRecordException.class, () -> PROGRESS.admit(Message.of("{}")));
        assertEquals(Kind.NOT_A_CLOUD_EVENT, none.kind());
    }

    private static Kind rejected(ConsumedTypes types, String type) {
        return assertThrows(PoisonRecordException.class, () -> types.admit(record(type))).kind();
    }

    private static Message<String> record(String type) {
        return Message.of("{}", Metadata.of(new DefaultIncomingCloudEventMetadata<>("1.0", "e1",
                URI.create("/test"), type, "application/json", null, "job-1", null, Map.of(), "{}")));
    }
}
