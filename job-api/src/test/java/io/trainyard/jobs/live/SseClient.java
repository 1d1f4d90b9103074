package io.trainyard.jobs.live;

import io.trainyard.devstack.TestTokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain text/event-stream reader (JDK HTTP client), recording what the server sends as it arrives. */
final class SseClient implements AutoCloseable {
    record Event(String id, String type, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<Event> events = new CopyOnWriteArrayList<>();
    final AtomicInteger comments = new AtomicInteger();
    private final InputStream body;

    private SseClient(InputStream body) {
        this.body = body;
        Thread reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream; fails unless the server answers 200 with an event stream. */
    static SseClient open(URI uri, Map<String, String> headers) {
        HttpResponse<InputStream> response = request(uri, headers);
        if (response.statusCode() != 200
                || !response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            throw new AssertionError("expected an event stream, got " + response.statusCode() + " "
                    + response.headers().firstValue("Content-Type").orElse(""));
        }
        return new SseClient(response.body());
    }

    static HttpResponse<InputStream> request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (!headers.containsKey("Authorization") && !String.valueOf(uri.getQuery()).contains("ticket=")) {
            request.header("Authorization", "Bearer " + TestTokens.token());
        }
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<String> types() {
        return events.stream().map(Event::type).toList();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    type = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                }
            }
        } catch (IOException closed) {
            // close() ends the stream under the reader: nothing more to record
        }
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
