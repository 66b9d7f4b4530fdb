package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.TOPIC;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConfigurationException;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;


/** Settings, connection URLs, password masking and backend selection. */
class RedisSettingsTest {

    private final RedisTestSupport redis = new RedisTestSupport();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    @Test
    void everyUpstreamSettingHasItsNameAndDefault() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        RedisSettings.ALL.forEach(s -> defaults.put(s.name(), s.defaultValue()));
        assertThat(defaults).containsEntry("EVENT_BUS_REDIS_CONNECTION_URL", null)
                .containsEntry("EVENT_BUS_REDIS_STREAM_MAX_LEN", 10_000)
                .containsEntry("EVENT_BUS_REDIS_CONSUMERS_ENABLED", true)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 60.0)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP", 1.0)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", null)
                .containsEntry("EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", true)
                .containsEntry("EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", 3);
        List<String> modules = StreamSupport.stream(ServiceLoader.load(SettingDefinitions.class).spliterator(), false)
                .map(SettingDefinitions::module).toList();
        assertThat(modules).contains("redis");

        RedisSettings settings = RedisSettings.from(Settings.of(Map.of("EVENT_BUS_REDIS_CONNECTION_URL",
                "redis://localhost", "EVENT_BUS_TOPIC_PREFIX", "dev")));
        assertThat(settings.stream("user-login")).isEqualTo("dev-user-login");
        assertThat(settings.pollTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.consecutiveErrorsLimit()).isNull();
        assertThat(settings.batchSize()).isGreaterThan(1);
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

    @Test
    void aMissingUrlFailsWithTheRealCause() {
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "redis"))))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_REDIS_CONNECTION_URL: is missing");
    }

    @Test
    void theBackendIsSelectedByItsNameAndTheUpstreamPaths() {
        assertThat(EventBusBackends.find("redis")).get().isInstanceOf(RedisBackend.class);
        assertThat(EventBusBackends.find("edx_event_bus_redis.create_producer")).get().isInstanceOf(RedisBackend.class);
        assertThat(EventBusBackends.find("edx_event_bus_redis.RedisEventConsumer")).get()
                .isInstanceOf(RedisBackend.class);
        Settings settings = redis.settings("EVENT_BUS_CONSUMER", "edx_event_bus_redis.RedisEventConsumer");
        assertThat(EventBusBackends.consumer(settings, ConsumerSpec.of(TOPIC, "g")))
                .isInstanceOf(RedisEventConsumer.class);
        assertThatThrownBy(() -> EventBusBackends.consumer(settings,
                new ConsumerSpec(TOPIC, "g", Map.of("offset_time", "2023-01-01T00:00:00"))))
                .isInstanceOf(EventBusConfigurationException.class).hasMessageContaining("offset_time")
                .hasMessageContaining("claim_msgs_older_than");
        assertThatThrownBy(() -> EventBusBackends.consumer(settings,
                new ConsumerSpec(TOPIC, "g", Map.of("claim_msgs_older_than", "soon"))))
                .hasMessageContaining("claim_msgs_older_than");
        assertThatThrownBy(() -> EventBusBackends.consumer(settings,
                new ConsumerSpec(TOPIC, "g", Map.of("last_read_msg_id", "yesterday"))))
                .hasMessageContaining("last_read_msg_id");
    }

    @Test
    void theDefaultConsumerNameIsTheProcessAndHost() {
        RedisConsumerOptions options = RedisConsumerOptions.from(Map.of());
        assertThat(options.consumerName()).isEqualTo(ProcessHandle.current().pid() + "@"
                + options.consumerName().substring(options.consumerName().indexOf('@') + 1));
        assertThat(options.checkBacklog()).isNull();
        assertThat(RedisConsumerOptions.from(Map.of("consumer_name", "c1", "check_backlog", false,
                "claim_msgs_older_than", 5000, "last_read_msg_id", "1679676448892-0")))
                .isEqualTo(new RedisConsumerOptions("c1", "1679676448892-0", false, 5000L));
    }

    /** An ACL user with a password and database 3, end to end; the password never reaches a log line. */
    @Test
    void userPasswordAndDatabaseWorkEndToEnd() {
        String user = "u" + redis.prefix;
        String password = "pw-" + UUID.randomUUID();
        redis.redis().dispatch(CommandType.ACL, new StatusOutput<>(
                ByteArrayCodec.INSTANCE), new CommandArgs<>(
                ByteArrayCodec.INSTANCE).add("SETUSER").add(user).add("on").add(">" + password)
                .add("~*").add("&*").add("+@all"));
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379/3");
        try (StatefulRedisConnection<String, String> db3 = client.connect()) {
            Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL",
                    "redis://" + user + ":" + password + "@127.0.0.1:6379/3");
            String logs = capturingStderr(() -> {
                redis.produce(settings, 0, 3);
                redis.start(settings, "grp", Map.of("consumer_name", "acl"));
                await().until(() -> redis.received.size() == 3);
                RedisEventConsumer wrong = redis.consumer(redis.settings(
                        "EVENT_BUS_REDIS_CONNECTION_URL", "redis://" + user + ":wrong-" + password + "@127.0.0.1/3",
                        "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 1), "grp", Map.of());
                assertThatThrownBy(wrong::consumeIndefinitely).isInstanceOf(ConsecutiveErrors.LimitReachedException.class)
                        .hasMessageNotContaining(password);
                return null;
            });
            assertThat(db3.sync().xlen(redis.stream)).isEqualTo(3);
            assertThat(redis.redis().exists(RedisTestSupport.bytes(redis.stream))).isZero();
            assertThat(logs).contains(user + ":****@127.0.0.1:6379/3").doesNotContain(password);
            db3.sync().del(redis.stream);
        } finally {
            redis.redis().dispatch(CommandType.ACL,
                    new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                    new CommandArgs<>(ByteArrayCodec.INSTANCE)
                            .add("DELUSER").add(user));
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailedSendIsLoggedWithTheEventDataAndMetadataAsJsonAndCounted() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONNECTION_URL", "redis://:hunter2@127.0.0.1:1/0",
                "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 0.3);
        String logs = capturingStderr(() -> {
            try (RedisEventProducer producer = (RedisEventProducer) EventBusBackends.producer(settings)) {
                long start = System.nanoTime();
                producer.send(LOGIN, TOPIC, "user.pii.username", RedisTestSupport.login(7),
                        RedisTestSupport.fixedMetadata());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
                assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
                assertThat(producer.failures()).isEqualTo(1);
                assertThat(producer.flush(Duration.ofSeconds(1))).isTrue();
            }
            return null;
        });
        assertThat(logs).contains("Error delivering message to Redis event bus.")
                .contains("full_topic='" + redis.stream + "'")
                .contains("event_data={\"user\": {\"id\": 7, \"is_active\": true, \"pii\": {\"username\": \"user7\", "
                        + "\"email\": \"user7@example.com\", \"name\": \"User 7\"}}}")
                .contains("event_metadata=" + RedisTestSupport.fixedMetadata().toJson())
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
