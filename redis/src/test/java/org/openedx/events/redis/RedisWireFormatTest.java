package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.LOGIN_AVRO;
import static org.openedx.events.redis.RedisTestSupport.TOPIC;

import io.lettuce.core.StreamMessage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.settings.Settings;
import org.openedx.events.redis.testing.RedisServices;

/** Entries as redis.md §3 describes them, both ways. */
@ExtendWith(RedisServices.class)
@Tag("integration")
class RedisWireFormatTest {

    private final RedisTestSupport redis = new RedisTestSupport();

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    private void send(Settings settings, EventsMetadata metadata) {
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            producer.send(new OutgoingEvent(LOGIN, TOPIC, "user.pii.username", EventData.of("user",
                    new UserData(123, true, new UserPersonalData("foobob", "bob@foo.example", "Bob Foo"))), metadata));
            assertThat(producer.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void theProducerWritesTheUpstreamFieldsInOrderByteForByte() {
        send(redis.settings(), RedisTestSupport.fixedMetadata());

        List<StreamMessage<byte[], byte[]>> entries = redis.entries(redis.stream);
        assertThat(entries).hasSize(1);
        Map<byte[], byte[]> body = entries.get(0).getBody();
        List<String> names = body.keySet().stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
        assertThat(names).containsExactly("type", "id", "source", "time", "minorversion", "sourcehost", "sourcelib",
                "event_data");
        List<byte[]> values = new ArrayList<>(body.values());
        assertThat(values.get(0)).isEqualTo(bytes("org.openedx.learning.auth.session.login.completed.v1"));
        assertThat(values.get(1)).isEqualTo(bytes("3d657464-6d0b-11f0-a2a5-0242ac120002"));
        assertThat(values.get(2)).isEqualTo(bytes("openedx/lms/web"));
        assertThat(values.get(3)).isEqualTo(bytes("2023-01-01T14:00:00.123456+00:00"));
        assertThat(values.get(4)).isEqualTo(bytes("0"));
        assertThat(values.get(5)).isEqualTo(bytes("vm"));
        assertThat(values.get(6)).isEqualTo(bytes("11.2.0"));
        assertThat(values.get(7)).isEqualTo(LOGIN_AVRO);
    }

    @Test
    void aWholeSecondTimeHasNoFractionAndDefaultMetadataHasDottedIntegersOnly() {
        EventsMetadata whole = RedisTestSupport.fixedMetadata().toBuilder()
                .time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 0, ZoneOffset.UTC)).build();
        send(redis.settings(), whole);
        send(redis.settings(), LOGIN.generateSignalMetadata(null));

        List<StreamMessage<byte[], byte[]>> entries = redis.entries(redis.stream);
        assertThat(RedisTestSupport.text(entries.get(0))).containsEntry("time", "2023-01-01T14:00:00+00:00");
        Map<String, String> defaulted = RedisTestSupport.text(entries.get(1));
        assertThat(defaulted.get("sourcelib")).matches("\\d+(\\.\\d+)*");
        assertThat(defaulted.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
        assertThat(defaulted.get("id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    /** The command itself, as MONITOR shows it: {@code XADD <stream> MAXLEN ~ 10000 * type … event_data …}. */
    @Test
    void theCommandIsXaddWithApproximateMaxlenAndAServerId() throws Exception {
        java.net.URI uri = java.net.URI.create(redis.url);
        Process monitor = new ProcessBuilder("redis-cli", "-h", uri.getHost(),
                "-p", Integer.toString(uri.getPort() < 0 ? 6379 : uri.getPort()), "monitor")
                .redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(monitor.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("OK");
            CompletableFuture<String> xadd = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains("\"XADD\" \"" + redis.stream + "\"")) {
                            return line;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            send(redis.settings(), RedisTestSupport.fixedMetadata());

            String line = xadd.get(10, TimeUnit.SECONDS);
            assertThat(line.substring(line.indexOf("\"XADD\""))).isEqualTo("\"XADD\" \"" + redis.stream
                    + "\" \"MAXLEN\" \"~\" \"10000\" \"*\" \"type\" \"org.openedx.learning.auth.session.login"
                    + ".completed.v1\" \"id\" \"3d657464-6d0b-11f0-a2a5-0242ac120002\" \"source\" \"openedx/lms/web\" "
                    + "\"time\" \"2023-01-01T14:00:00.123456+00:00\" \"minorversion\" \"0\" \"sourcehost\" \"vm\" "
                    + "\"sourcelib\" \"11.2.0\" \"event_data\" \"\\xf6\\x01\\x01\\x0cfoobob\\x1ebob@foo.example\\x0eBob "
                    + "Foo\"");
        } finally {
            monitor.destroy();
        }
    }

    @Test
    void streamLengthIsCappedApproximately() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", 10);
        redis.produce(settings, 0, 1000);
        assertThat(redis.redis().xlen(RedisTestSupport.bytes(redis.stream))).isBetween(10L, 200L);
    }

    @Test
    void anUpstreamEntryIsConsumedWithTheProducersDataAndMetadata() {
        redis.xaddUpstreamLogin("3d657464-6d0b-11f0-a2a5-0242ac120002", "2023-01-01T14:00:00+00:00");
        redis.start(redis.settings(), "grp", Map.of("consumer_name", "c1"));

        await().until(() -> redis.received.size() == 1);
        ReceivedEvent event = redis.received.get(0);
        assertThat(event.fromEventBus()).isTrue();
        assertThat(event.data("user", UserData.class))
                .isEqualTo(new UserData(123, true, new UserPersonalData("foobob", "bob@foo.example", "Bob Foo")));
        EventsMetadata metadata = event.metadata();
        assertThat(metadata.eventType()).isEqualTo(LOGIN.eventType());
        assertThat(metadata.id()).isEqualTo(UUID.fromString("3d657464-6d0b-11f0-a2a5-0242ac120002"));
        assertThat(metadata.source()).isEqualTo("openedx/lms/web");
        assertThat(metadata.sourcehost()).isEqualTo("vm");
        assertThat(metadata.time()).isEqualTo(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 0, ZoneOffset.UTC));
        assertThat(metadata.minorversion()).isZero();
        assertThat(metadata.sourcelib()).containsExactly(11, 2, 0);
        await().until(() -> redis.pending("grp") == 0);
    }

    /** avro.md §6.4's enrollment vector, on the same stream as a login: many event types share a stream. */
    @Test
    void anUpstreamEnrollmentEntryIsConsumedFromASharedStream() {
        ByteArrayOutputStream avro = new ByteArrayOutputStream();
        avro.writeBytes(HexFormat.of().parseHex("0201027506654078024e3e"));
        avro.writeBytes(bytes("course-v1:edX+DemoX+Demo_Course"));
        avro.writeBytes(HexFormat.of().parseHex("024400000a"));
        avro.writeBytes(bytes("audit"));
        avro.writeBytes(HexFormat.of().parseHex("0132"));
        avro.writeBytes(bytes("2023-05-01T12:00:00+00:00"));
        avro.write(0);
        OpenEdxPublicSignal enrollments = LearningSignals.COURSE_ENROLLMENT_CREATED;
        List<ReceivedEvent> received = Collections.synchronizedList(new ArrayList<>());
        EventReceiver recorder = received::add;
        enrollments.connect(recorder);
        try {
            redis.xaddUpstreamLogin("3d657464-6d0b-11f0-a2a5-0242ac120002", "2023-01-01T14:00:00+00:00");
            redis.xadd(redis.stream, "type", enrollments.eventType(), "id", "0b2e4f8e-6d0c-11f0-a2a5-0242ac120002",
                    "source", "openedx/lms/web", "time", "2023-05-01T12:00:00.000123+00:00", "minorversion", "0",
                    "sourcehost", "vm", "sourcelib", "11.2.0", "event_data", avro.toByteArray());
            redis.start(redis.settings(), "grp", Map.of());

            await().until(() -> received.size() == 1 && redis.received.size() == 1);
            CourseEnrollmentData enrollment = received.get(0).data("enrollment", CourseEnrollmentData.class);
            assertThat(enrollment.user()).isEqualTo(new UserData(1, true, new UserPersonalData("u", "e@x", "N")));
            assertThat(enrollment.course().courseKey().toString()).isEqualTo("course-v1:edX+DemoX+Demo_Course");
            assertThat(enrollment.course().displayName()).isEqualTo("D");
            assertThat(enrollment.mode()).isEqualTo("audit");
            assertThat(enrollment.creationDate()).isEqualTo(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC));
            assertThat(enrollment.createdBy()).isNull();
            assertThat(received.get(0).metadata().time())
                    .isEqualTo(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 123_000, ZoneOffset.UTC));
        } finally {
            enrollments.disconnect(recorder);
        }
    }

    @Test
    void anEntryWithOnlyTypeAndDataGetsTheConsumersDefaults() {
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "event_data", LOGIN_AVRO);
        redis.start(redis.settings(), "grp", Map.of());

        await().until(() -> redis.received.size() == 1);
        EventsMetadata metadata = redis.received.get(0).metadata();
        EventsMetadata local = LOGIN.generateSignalMetadata(null);
        assertThat(metadata.sourcehost()).isEqualTo(local.sourcehost());
        assertThat(metadata.sourcelib()).isEqualTo(local.sourcelib());
        assertThat(metadata.minorversion()).isZero();
    }

    @Test
    void whatTheJavaProducerWritesTheJavaConsumerReadsBack() {
        EventsMetadata metadata = RedisTestSupport.fixedMetadata();
        send(redis.settings(), metadata);
        redis.start(redis.settings(), "grp", Map.of());

        await().until(() -> redis.received.size() == 1);
        assertThat(redis.received.get(0).metadata()).isEqualTo(metadata);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
