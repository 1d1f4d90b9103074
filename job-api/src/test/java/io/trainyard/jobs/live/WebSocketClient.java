package io.trainyard.jobs.live;

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

    private WebSocketClient(URI uri) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(uri, this).get(30, TimeUnit.SECONDS);
    }

    static WebSocketClient open(URI uri) throws Exception {
        return new WebSocketClient(uri);
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
