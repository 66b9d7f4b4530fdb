package org.openedx.events.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A schema registry in front of another one, that answers {@code 503 Service Unavailable} (a
 * registry that is down, for the client a failure worth waiting out) to every request once it
 * let a given number through, until it is told to come back.
 */
final class RegistryProxy implements AutoCloseable {

    private final URI target;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger passes;
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean up;

    /**
     * @param passes how many requests go through before it is down
     */
    RegistryProxy(String targetUrl, int passes) throws IOException {
        this.target = URI.create(targetUrl);
        this.passes = new AtomicInteger(passes);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's URL of the registry's API. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + target.getRawPath();
    }

    /** Requests answered with 503. */
    int refused() {
        return refused.get();
    }

    /** Passes every request from now on. */
    void comeBack() {
        up = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!up && passes.getAndDecrement() <= 0) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getScheme() + "://"
                            + target.getRawAuthority() + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(),
                            HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders()
                    .add("Content-Type", type));
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
