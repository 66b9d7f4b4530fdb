package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.settings.Settings;

/**
 * {@code rediss://}: a TLS-only redis-server on 127.0.0.1 with a self-signed certificate made
 * by openssl for this test, produced to and consumed from through the backend.
 */
class RedisTlsTest {

    @TempDir
    static Path dir;
    private static Process server;
    private static int port;

    @BeforeAll
    static void startTlsServer() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        server = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", dir.resolve("cert.pem").toString(),
                "--tls-key-file", dir.resolve("key.pem").toString(),
                "--tls-ca-cert-file", dir.resolve("cert.pem").toString(), "--tls-auth-clients", "no",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopTlsServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    @Test
    void eventsGoThroughATlsConnection() throws Exception {
        try (RedisTestSupport redis = new RedisTestSupport()) {
            Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL",
                    "rediss://127.0.0.1:" + port + "/0?ssl_cert_reqs=none");
            redis.produce(settings, 0, 20);
            redis.start(settings, "tls", Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.userIds().size() == 20);
            assertThat(redis.userIds()).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
            redis.stopAll();
        }
    }

    @Test
    void aPlainConnectionToTheTlsPortIsNotAccepted() {
        try (RedisTestSupport redis = new RedisTestSupport()) {
            Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:" + port + "/0",
                    "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 1);
            try (RedisEventProducer producer = (RedisEventProducer) org.openedx.events.bus.EventBusBackends
                    .producer(settings)) {
                producer.send(RedisTestSupport.LOGIN, RedisTestSupport.TOPIC, "user.pii.username",
                        RedisTestSupport.login(1), RedisTestSupport.LOGIN.generateSignalMetadata(null));
                assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
                assertThat(producer.failures()).isEqualTo(1);
            }
        }
    }
}
