package io.trainyard.jobs.live;

import io.trainyard.devstack.TestTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The JDK WebSocket client, recording the text messages and the close status it receives. */
final class WebSocketClient implements WebSocket.Listener, AutoCloseable {
    final List<String> messages = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private WebSocketClient(URI uri, String token) throws Exception {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        socket = builder.buildAsync(uri, this).get(30, TimeUnit.SECONDS);
    }

    /** Opens the socket as the default test caller. */
    static WebSocketClient open(URI uri) throws Exception {
        return new WebSocketClient(uri, TestTokens.token());
    }

    /** Opens the socket with this bearer token, or none (null): then only a ticket in the URI may open it. */
    static WebSocketClient open(URI uri, String token) throws Exception {
        return new WebSocketClient(uri, token);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode = statusCode;
        return null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
