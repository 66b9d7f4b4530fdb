package org.openedx.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.openedx.events.bus.ConsumerHealth;
import org.openedx.events.bus.WorkersHealth;

/**
 * What {@code consume --metrics-port} serves, on the JDK's HTTP server: {@code /metrics} in the
 * Prometheus text format, and {@code /health}, 200 with a JSON body while every consumer runs and
 * reaches its backend, else 503 naming the topic and group of each one that does not (a
 * Kubernetes liveness probe and scrape target).
 */
final class WorkerEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private WorkerEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves on {@code bind}:{@code port} (port 0: a free one) until closed.
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    static WorkerEndpoint start(String bind, int port, PrometheusMeterRegistry registry,
                                Supplier<WorkersHealth> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics and health on " + bind + ":" + port + ": " + e, e);
        }
        server.createContext("/metrics", exchange -> answer(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health", exchange -> {
            WorkersHealth now = health.get();
            answer(exchange, now.healthy() ? 200 : 503, "application/json", body(now));
        });
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "metrics-endpoint");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new WorkerEndpoint(server);
    }

    /** The address served, with the port chosen when 0 was asked. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code {"status": "UP"|"DOWN", "failing": [...], "consumers": [...]}}, each consumer with its topic and group. */
    static String body(WorkersHealth health) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", health.healthy() ? "UP" : "DOWN");
        if (!health.healthy()) {
            body.put("failing", health.failing().stream().map(WorkerEndpoint::describe).toList());
        }
        List<Map<String, Object>> consumers = new ArrayList<>();
        health.consumers().forEach(consumer -> consumers.add(describe(consumer)));
        body.put("consumers", consumers);
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> describe(ConsumerHealth consumer) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("topic", consumer.consumer().fullTopic());
        fields.put("group", consumer.consumer().group());
        fields.put("backend", consumer.consumer().system());
        fields.put("state", consumer.state().name().toLowerCase(Locale.ROOT));
        fields.put("connected", consumer.connected());
        if (consumer.reason() != null) {
            fields.put("reason", consumer.reason());
        }
        if (consumer.lastPoll() != null) {
            fields.put("last_poll", consumer.lastPoll().toString());
        }
        if (consumer.lag().isPresent()) {
            fields.put("lag", consumer.lag().getAsLong());
        }
        return fields;
    }

    private static void answer(HttpExchange exchange, int status, String type, String text) throws IOException {
        try (exchange) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
