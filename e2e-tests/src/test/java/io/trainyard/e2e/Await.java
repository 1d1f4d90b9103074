package io.trainyard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.TrainyardClient;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Polling shared by the end-to-end test classes: the stack's state settles asynchronously. */
final class Await {
    private Await() {
    }

    /** GETs path until it answers 200 with a body that satisfies done; fails with the last body otherwise. */
    static JsonNode body(TrainyardClient api, String path, Predicate<JsonNode> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            var reply = api.get(path);
            last = reply.body();
            if (reply.status() == 200 && done.test(last)) {
                return last;
            }
            sleep(300);
        }
        throw new AssertionError(path + " did not reach the expected state within " + timeout + "; last: " + last);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
