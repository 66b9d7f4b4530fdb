package org.openedx.events.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis the tests of one JVM share ({@code @ExtendWith(RedisServices.class)}, then
 * {@link #url()}): {@code -Dopenedx.events.test.redis.url=...} names an external one;
 * otherwise a {@code redis-server} of this JVM's own on a free 127.0.0.1 port when the binary
 * is installed (isolated from any shared Redis), started on first use and stopped as the JVM
 * exits; otherwise the one at {@value #DEFAULT_URL} if it answers. When there is none, every
 * class that uses it fails with one line saying how to get one.
 */
public final class RedisServices implements BeforeAllCallback {

    /** The system property naming an external Redis for the tests. */
    public static final String PROPERTY = "openedx.events.test.redis.url";
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379/0";

    private static String url;
    private static RedisUnavailable failure;
    private static RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        url();
    }

    /**
     * The URL of the shared Redis, starting it on first use.
     *
     * @throws RedisUnavailable (one line, no stack trace) when there is no Redis for the tests
     */
    public static synchronized String url() {
        if (url != null) {
            return url;
        }
        if (failure != null) {
            throw failure;
        }
        String external = System.getProperty(PROPERTY);
        if (external != null && !external.isBlank()) {
            url = external;
        } else if (RedisServer.installed()) {
            url = startOwn();
        } else if ("+PONG".equals(ping(DEFAULT_URL))) {
            url = DEFAULT_URL;
        } else {
            failure = unavailable(DEFAULT_URL);
            throw failure;
        }
        return url;
    }

    /** The shared server when it is this JVM's own (null with an external Redis). */
    public static synchronized RedisServer ownServer() {
        url();
        return server;
    }

    private static String startOwn() {
        try {
            Path dir = Files.createTempDirectory("redis-tests-");
            server = RedisServer.start(dir);
            RedisServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.stop();
                try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }, "redis-tests-server-stop"));
            return server.url();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ping(String redisUrl) {
        URI uri = URI.create(redisUrl);
        return RedisServer.command(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), "PING");
    }

    static RedisUnavailable unavailable(String tried) {
        return new RedisUnavailable("No Redis for the tests: install redis-server (e.g. apt-get install redis-server) "
                + "so that they start their own, or name a running one with -D" + PROPERTY + "=redis://host:port/db"
                + (tried == null ? "" : " (nothing answers at " + tried + ")"));
    }

    /** No Redis for the tests: a one-line failure, without a stack trace. */
    public static final class RedisUnavailable extends RuntimeException {
        RedisUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
