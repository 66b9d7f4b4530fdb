package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.TOPIC;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.redis.testing.RedisServices;


/** Settings, connection URLs, password masking and backend selection. */
@ExtendWith(RedisServices.class)
class RedisSettingsTest {

    private final RedisTestSupport redis = new RedisTestSupport();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void everyUpstreamSettingHasItsNameAndDefault() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        new RedisSettings.Definitions().settings().forEach(s -> defaults.put(s.name(), s.defaultValue()));
        assertThat(defaults).containsEntry("EVENT_BUS_REDIS_CONNECTION_URL", null)
                .containsEntry("EVENT_BUS_REDIS_STREAM_MAX_LEN", 10_000)
                .containsEntry("EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY", false)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", Duration.ofSeconds(60))
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 256)
                .containsEntry("EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", Duration.ofSeconds(30))
                .containsEntry("EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 100_000)
                // Upstream's Redis names of the delivery settings: unset, the general setting applies.
                .containsEntry("EVENT_BUS_REDIS_CONSUMERS_ENABLED", null)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP", null)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", null)
                .containsEntry("EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", null)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", null)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY", null);
        List<String> modules = StreamSupport.stream(ServiceLoader.load(SettingDefinitions.class).spliterator(), false)
                .map(SettingDefinitions::module).toList();
        assertThat(modules).contains("redis");

        Settings plain = Settings.of(Map.of("EVENT_BUS_REDIS_CONNECTION_URL", "redis://localhost"));
        RedisSettings settings = RedisSettings.from(plain);
        assertThat(settings.pollTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.batchSize()).isGreaterThan(1);
        DeliverySettings delivery = DeliverySettings.from(plain, RedisSettings.DELIVERY);
        assertThat(delivery).isEqualTo(new DeliverySettings(true, 3, Duration.ofMillis(100), Duration.ofSeconds(30),
                Duration.ofSeconds(1), null, true));
        assertThat(new RedisBackend().deliveryOverrides()).isEqualTo(RedisSettings.DELIVERY);
    }

    @Test
    void theRedisNamesOfTheDeliverySettingsWinOverTheGeneralOnes() {
        Settings settings = Settings.of(Map.of("EVENT_BUS_CONSUMER_MAX_RETRIES", 5,
                "EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", 1, "EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 4,
                "EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP", 0.25, "EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", "false"));
        DeliverySettings delivery = DeliverySettings.from(settings, RedisSettings.DELIVERY);
        assertThat(delivery.maxRetries()).isEqualTo(1);
        assertThat(delivery.consecutiveErrorsLimit()).isEqualTo(4);
        assertThat(delivery.pollFailureSleep()).isEqualTo(Duration.ofMillis(250));
        assertThat(delivery.auditLogging()).isFalse();
    }

    @Test
    void valuesThatCannotBeUsedAreRefusedWithTheSettingsName() {
        Map<String, Object> url = Map.of("EVENT_BUS_REDIS_CONNECTION_URL", "redis://localhost");
        for (Object[] bad : new Object[][] {{"EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 0},
                {"EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", "soon"}, {"EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 0},
                {"EVENT_BUS_REDIS_STREAM_MAX_LEN", -1}, {"EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 0.0001},
                {"EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 0}}) {
            Map<String, Object> values = new LinkedHashMap<>(url);
            values.put((String) bad[0], bad[1]);
            assertThatThrownBy(() -> RedisSettings.from(Settings.of(values))).as("%s=%s", bad[0], bad[1])
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining((String) bad[0]);
        }
        Map<String, Object> fine = new LinkedHashMap<>(url);
        fine.put("EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", "0.5");
        assertThat(RedisSettings.from(Settings.of(fine)).pollTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void urlFormsAreReadAsRedisPyReadsThem() {
        RedisConnectionUrl plain = RedisConnectionUrl.parse("redis://localhost");
        assertThat(List.of(plain.tls(), plain.host(), plain.port(), plain.database(), plain.hasPassword()))
                .containsExactly(false, "localhost", 6379, 0, false);

        RedisConnectionUrl full = RedisConnectionUrl.parse("rediss://app:s3cr%40t@cache.example.com:6380/2");
        assertThat(List.of(full.tls(), full.host(), full.port(), full.database(), full.username(), full.hasPassword()))
                .containsExactly(true, "cache.example.com", 6380, 2, "app", true);
        assertThat(full.verifyMode()).isEqualTo(SslVerifyMode.FULL);
        assertThat(password(full)).isEqualTo("s3cr@t");
        assertThat(full.toRedisUri().isSsl()).isTrue();

        RedisConnectionUrl passwordOnly = RedisConnectionUrl.parse("redis://:pw@10.0.0.1/3");
        assertThat(passwordOnly.username()).isNull();
        assertThat(passwordOnly.database()).isEqualTo(3);
        assertThat(password(passwordOnly)).isEqualTo("pw");

        RedisConnectionUrl userOnly = RedisConnectionUrl.parse("redis://someone@host");
        assertThat(userOnly.username()).isEqualTo("someone");
        assertThat(userOnly.hasPassword()).isFalse();

        assertThat(RedisConnectionUrl.parse("redis://host:6379/1?db=5").database()).isEqualTo(5);
        assertThat(RedisConnectionUrl.parse("redis://host/").database()).isZero();
        assertThat(RedisConnectionUrl.parse("redis://[::1]:7000/0").host()).isEqualTo("::1");
        assertThat(RedisConnectionUrl.parse("rediss://h?ssl_cert_reqs=none").verifyMode()).isEqualTo(SslVerifyMode.NONE);
        assertThat(RedisConnectionUrl.parse("rediss://h?ssl_check_hostname=false").verifyMode())
                .isEqualTo(SslVerifyMode.CA);
    }

    private static String password(RedisConnectionUrl url) {
        return String.valueOf(url.toRedisUri().getCredentialsProvider().resolveCredentials().block().getPassword());
    }

    @Test
    void passwordsNeverShow() {
        assertThat(RedisConnectionUrl.parse("rediss://app:hunter2@cache:6380/2").toString())
                .isEqualTo("rediss://app:****@cache:6380/2");
        assertThat(RedisConnectionUrl.parse("redis://:hunter2@cache").toString()).isEqualTo("redis://:****@cache:6379/0");
        Setting<String> url = RedisSettings.EVENT_BUS_REDIS_CONNECTION_URL;
        assertThat(url.display("redis://:hunter2@cache:6379/0")).isEqualTo("redis://:****@cache:6379/0");
        assertThat(url.display("rediss://app:hunter2@cache:6380/2")).isEqualTo("rediss://app:****@cache:6380/2");
        assertThatThrownBy(() -> RedisConnectionUrl.parse("redis://app:hunter2@cache:notaport/0"))
                .isInstanceOf(InvalidSettingException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisConnectionUrl.parse("http://app:hunter2@cache"))
                .isInstanceOf(InvalidSettingException.class).hasMessageNotContaining("hunter2");
        RedisSettings settings = RedisSettings.from(Settings.of(Map.of("EVENT_BUS_REDIS_CONNECTION_URL",
                "redis://app:hunter2@cache")));
        assertThat(settings.toString()).doesNotContain("hunter2");
    }

    /** Passwords with '@', '/' or spaces, and ?password=, are read as redis-py reads them and never shown. */
    @Test
    void passwordsWithAnyCharacterAndInTheQueryAreReadAndMaskedByParsing() {
        RedisConnectionUrl at = RedisConnectionUrl.parse("redis://app:p@ss@cache:6380/2");
        assertThat(List.of(at.host(), at.port(), at.database(), at.username())).containsExactly("cache", 6380, 2, "app");
        assertThat(password(at)).isEqualTo("p@ss");
        assertThat(at.toString()).isEqualTo("redis://app:****@cache:6380/2");

        RedisConnectionUrl slash = RedisConnectionUrl.parse("redis://:pa/ss word@cache/1");
        assertThat(List.of(slash.host(), slash.database())).containsExactly("cache", 1);
        assertThat(password(slash)).isEqualTo("pa/ss word");
        assertThat(slash.toString()).isEqualTo("redis://:****@cache:6379/1");

        RedisConnectionUrl query = RedisConnectionUrl.parse("redis://cache:6379/0?password=hunter2&username=app");
        assertThat(query.username()).isEqualTo("app");
        assertThat(password(query)).isEqualTo("hunter2");
        assertThat(query.toString()).isEqualTo("redis://app:****@cache:6379/0");
        // The URL's own user information wins, as in redis-py.
        assertThat(password(RedisConnectionUrl.parse("redis://:mine@cache/0?password=other"))).isEqualTo("mine");
        // An '@' in a query value is not user information.
        RedisConnectionUrl named = RedisConnectionUrl.parse("redis://cache:6379/0?client_name=a@b");
        assertThat(List.of(named.host(), named.port(), named.hasPassword())).containsExactly("cache", 6379, false);

        Setting<String> url = RedisSettings.EVENT_BUS_REDIS_CONNECTION_URL;
        for (String text : List.of("redis://app:p@ss@cache:6380/2", "redis://:pa/ss word@cache/1",
                "redis://cache:6379/0?password=hunter2&db=1")) {
            assertThat(url.display(text)).doesNotContain("ss@", "ss word", "hunter2");
        }
        assertThatThrownBy(() -> RedisConnectionUrl.parse("redis://:pa/ss@cache:x/0"))
                .isInstanceOf(InvalidSettingException.class).hasMessageNotContaining("pa").hasMessageNotContaining("ss");
    }

    @Test
    void aMissingUrlFailsWithTheRealCause() {
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "redis"))))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("EVENT_BUS_REDIS_CONNECTION_URL: is missing");
        assertThatThrownBy(() -> EventBusBackends.consumer(Settings.of(Map.of("EVENT_BUS_CONSUMER", "redis")),
                ConsumerSpec.of(TOPIC, "g")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("EVENT_BUS_REDIS_CONNECTION_URL: is missing");
    }

    @Test
    void theBackendIsSelectedByItsNameAndTheUpstreamPaths() {
        assertThat(EventBusBackends.find("redis")).get().isInstanceOf(RedisBackend.class);
        assertThat(EventBusBackends.find("edx_event_bus_redis.create_producer")).get().isInstanceOf(RedisBackend.class);
        assertThat(EventBusBackends.find("edx_event_bus_redis.RedisEventConsumer")).get()
                .isInstanceOf(RedisBackend.class);
        Settings settings = redis.settings("EVENT_BUS_CONSUMER", "edx_event_bus_redis.RedisEventConsumer");
        assertThat(consumerInfo(settings, Map.of("consumer_name", "c1")))
                .isEqualTo(new ConsumerInfo("redis", TOPIC, redis.stream, "g", "c1"));
    }

    @Test
    void consumerOptionsAreCheckedAsTheConsumerIsCreated() {
        Settings settings = redis.settings();
        assertThatThrownBy(() -> EventBusBackends.consumer(settings,
                new ConsumerSpec(TOPIC, "g", Map.of("offset_time", "2023-01-01T00:00:00"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("offset_time")
                .hasMessageContaining("claim_msgs_older_than");
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("claim_msgs_older_than", "soon"),
                Map.of("claim_msgs_older_than", -1), Map.of("last_read_msg_id", "yesterday"),
                Map.of("check_backlog", "maybe"), Map.of("consumer_name", " "))) {
            String option = bad.keySet().iterator().next();
            assertThatThrownBy(() -> EventBusBackends.consumer(settings, new ConsumerSpec(TOPIC, "g", bad)))
                    .as(bad.toString()).isInstanceOf(InvalidSettingException.class).hasMessageContaining(option);
        }
    }

    @Test
    void optionsAreReadWithTheirTypes() {
        OptionTable.Options options = new RedisBackend().consumerOptions().parse(Map.of("consumer_name", "c1",
                "check_backlog", "false", "claim_msgs_older_than", "5000", "last_read_msg_id", "1679676448892-0"),
                "test");
        assertThat(options.get(RedisBackend.CONSUMER_NAME)).isEqualTo("c1");
        assertThat(options.get(RedisBackend.CHECK_BACKLOG)).isFalse();
        assertThat(options.get(RedisBackend.CLAIM_MSGS_OLDER_THAN)).isEqualTo(5000L);
        assertThat(options.get(RedisBackend.LAST_READ_MSG_ID)).isEqualTo("1679676448892-0");
        OptionTable.Options none = new RedisBackend().consumerOptions().parse(Map.of(), "test");
        assertThat(none.get(RedisBackend.CHECK_BACKLOG)).isNull();
        assertThat(new RedisBackend().consumerOptions().parse(Map.of("last_read_msg_id", "$"), "test")
                .get(RedisBackend.LAST_READ_MSG_ID)).isEqualTo("$");
    }

    @Test
    void theDefaultConsumerNameIsTheProcessAndHost() {
        String name = consumerInfo(redis.settings(), Map.of()).consumerName();
        assertThat(name).isEqualTo(ProcessHandle.current().pid() + "@" + name.substring(name.indexOf('@') + 1));
    }

    /** What a consumer says about itself as it stops, here at once: the kill switch is off. */
    private ConsumerInfo consumerInfo(Settings settings, Map<String, Object> extra) {
        AtomicReference<ConsumerInfo> info = new AtomicReference<>();
        Settings off = settings.toBuilder().put("EVENT_BUS_REDIS_CONSUMERS_ENABLED", false).build();
        EventBusBackends.consumer(off, new ConsumerSpec(TOPIC, "g", extra), new DeliveryListener() {
            @Override
            public void stopped(ConsumerInfo consumer, Throwable error) {
                info.set(consumer);
            }
        }, Clock.systemUTC()).consumeIndefinitely();
        return info.get();
    }

    /**
     * An ACL user with a password and database 3, end to end, on a server of the test's own;
     * the password never reaches a log line.
     */
    @Test
    @Tag("integration")
    void userPasswordAndDatabaseWorkEndToEnd(@TempDir Path dir) {
        String user = "app";
        String password = "pw-" + UUID.randomUUID();
        try (RedisServer server = RedisServer.start(dir, "--user", user, "on", ">" + password, "~*", "&*", "+@all");
             RedisTestSupport own = new RedisTestSupport(server.url())) {
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port() + "/3");
            try (StatefulRedisConnection<String, String> db3 = client.connect()) {
                String url = "redis://" + user + ":" + password + "@127.0.0.1:" + server.port() + "/3";
                Settings settings = own.settings("EVENT_BUS_REDIS_CONNECTION_URL", url);
                String logs = capturingStderr(() -> {
                    own.produce(settings, 0, 3);
                    own.start(settings, "grp", Map.of("consumer_name", "acl"));
                    await().until(() -> own.received.size() == 3);
                    EventBusConsumer wrong = own.consumer(own.settings("EVENT_BUS_REDIS_CONNECTION_URL",
                            "redis://" + user + ":wrong-" + password + "@127.0.0.1:" + server.port() + "/3",
                            "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 1), "grp", Map.of());
                    assertThatThrownBy(wrong::consumeIndefinitely)
                            .hasMessageContaining(user + ":****@127.0.0.1:" + server.port() + "/3")
                            .hasMessageNotContaining(password);
                    return null;
                });
                assertThat(db3.sync().xlen(own.stream)).isEqualTo(3);
                assertThat(own.redis().exists(RedisTestSupport.bytes(own.stream))).isZero();
                assertThat(logs).contains(user + ":****@127.0.0.1:" + server.port() + "/3").doesNotContain(password);
            } finally {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aFailedSendIsLoggedWithTheEventDataAndMetadataAsJsonAndCounted() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://:hunter2@127.0.0.1:1/0",
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 0.3);
        String logs = capturingStderr(() -> {
            try (EventBusProducer producer = EventBusBackends.producer(settings)) {
                long start = System.nanoTime();
                producer.send(new OutgoingEvent(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(7),
                        RedisTestSupport.fixedMetadata()));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
                assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
                assertThat(producer.stats().failed()).isEqualTo(1);
                assertThat(producer.flush(Duration.ofSeconds(1))).isTrue();
            }
            return null;
        });
        assertThat(logs).contains("Error delivering message to Redis event bus.")
                .contains("full_topic='" + redis.stream + "'").contains("event_key=None")
                .contains("event_data_as_json={\"user\": {\"id\": 7, \"is_active\": true, \"pii\": {\"username\": \"user7\", "
                        + "\"email\": \"user7@example.com\", \"name\": \"User 7\"}}}")
                .contains("event_metadata_as_json=" + RedisTestSupport.fixedMetadata().toJson())
                .doesNotContain("hunter2");
    }

    private static String capturingStderr(java.util.concurrent.Callable<Void> body) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            body.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
