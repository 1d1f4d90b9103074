package io.trainyard.support.hostile;

import io.trainyard.devstack.TestTokens;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends every hostile request of a run: the one place where a request leaves the test, so that an
 * Authorization header, once the services require one, is added here for all of them. The JDK client rather
 * than RestAssured: it sends bytes exactly as generated (no charset added to a content type, no re-encoded
 * path) and can stream a body larger than memory.
 */
public final class HostileClient {

    /** No answer at all: the server closed the connection without a response. */
    public static final int NO_ANSWER = -1;

    /** What came back; the body of an event stream is not read (it would never end). */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public HostileClient(URI base) {
        this.base = base;
    }

    public Answer send(HostileRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.target()))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), publisher(request))
                // A caller the routes let in: what is hostile here is the input, not the identity.
                .header("Authorization", "Bearer " + TestTokens.token());
        request.headers().forEach(builder::header);
        try {
            HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                return new Answer(response.statusCode(), type,
                        type.startsWith("text/event-stream") ? new byte[0] : in.readAllBytes());
            }
        } catch (IOException e) {
            // A dropped connection is an answer the run reports, like a 5xx, not a reason to stop it.
            return new Answer(NO_ANSWER, "", String.valueOf(e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher publisher(HostileRequest request) {
        if (request.streamedBytes() >= 0) {
            return HttpRequest.BodyPublishers.fromPublisher(new Filler(request.streamedBytes()),
                    request.streamedBytes());
        }
        return request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
    }

    /** {@code length} bytes of 'a' in 64 KiB pieces, produced only as fast as the server reads them. */
    private static final class Filler implements Flow.Publisher<ByteBuffer> {
        private static final int CHUNK = 64 * 1024;
        private final long length;

        Filler(long length) {
            this.length = length;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            AtomicBoolean done = new AtomicBoolean();
            subscriber.onSubscribe(new Flow.Subscription() {
                private long sent;

                @Override
                public synchronized void request(long n) {
                    for (long i = 0; i < n && sent < length && !done.get(); i++) {
                        int size = (int) Math.min(CHUNK, length - sent);
                        byte[] chunk = new byte[size];
                        java.util.Arrays.fill(chunk, (byte) 'a');
                        sent += size;
                        subscriber.onNext(ByteBuffer.wrap(chunk));
                    }
                    if (sent >= length && done.compareAndSet(false, true)) {
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    done.set(true);
                }
            });
        }
    }
}
