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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.settings.Settings;
import org.openedx.events.redis.testing.RedisServices;

/**
 * {@code rediss://}: a TLS-only redis-server on 127.0.0.1 with a self-signed certificate made
 * by openssl for this test, produced to and consumed from through the backend.
 */
@ExtendWith(RedisServices.class)
@Tag("integration")
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

    /**
     * The default {@code ssl_cert_reqs=required} checks the certificate, which no authority
     * the JVM trusts signed: the failures say so (not only "cannot be reached").
     */
    @Test
    void aCertificateTheClientDoesNotTrustIsNamedInTheErrors() {
        try (RedisTestSupport redis = new RedisTestSupport()) {
            Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "rediss://127.0.0.1:" + port + "/0",
                    "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 1, "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 1);
            java.util.List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            org.openedx.events.bus.DeliveryListener listener = new org.openedx.events.bus.DeliveryListener() {
                @Override
                public void sendFailed(org.openedx.events.bus.ProducerInfo producer,
                                       org.openedx.events.bus.OutgoingEvent event, Throwable error) {
                    failures.add(error);
                }
            };
            try (EventBusProducer producer = EventBusBackends.producer(settings, listener,
                    java.time.Clock.systemUTC())) {
                producer.send(RedisTestSupport.loginEvent(1));
                assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
            }
            assertThat(failures).singleElement().extracting(Throwable::getMessage).asString()
                    .contains("certification path");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    redis.consumer(settings, "tls", Map.of())::consumeIndefinitely)
                    .hasMessageContaining("certification path");
        }
    }

    @Test
    void aPlainConnectionToTheTlsPortIsNotAccepted() {
        try (RedisTestSupport redis = new RedisTestSupport()) {
            Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:" + port + "/0",
                    "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 1);
            try (EventBusProducer producer = EventBusBackends.producer(settings)) {
                producer.send(RedisTestSupport.loginEvent(1));
                assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
                assertThat(producer.stats().failed()).isEqualTo(1);
            }
        }
    }
}
