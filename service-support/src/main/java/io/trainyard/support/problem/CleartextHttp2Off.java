package io.trainyard.support.problem;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * No HTTP/2 over cleartext (h2c): requests are served over HTTP/1.1 (HTTP/2 stays on for TLS, where ALPN chooses
 * it). Vert.x passes the body of a request that asks to upgrade to h2c on as HTTP/2 data without flow control, so
 * a client faster than the server's reading (Java's HttpClient asks for the upgrade by default) fills the heap with
 * the body of a large upload; over HTTP/1.1 the server reads a body only as fast as it handles it.
 */
@ApplicationScoped
public class CleartextHttp2Off implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
