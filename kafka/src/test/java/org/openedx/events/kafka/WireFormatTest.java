package org.openedx.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.enterprise.EnterpriseSignals;
import org.openedx.events.catalog.enterprise.SubsidyRedemption;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.kafka.testing.ApicurioRegistry;
import org.openedx.events.kafka.testing.KafkaServices;
import org.openedx.events.kafka.testing.LogCapture;
import org.openedx.events.settings.Settings;

/**
 * The bytes, subjects and headers on the wire, against what kafka.md says the Python producer
 * (edx-event-bus-kafka with confluent-kafka and librdkafka) writes, in both directions.
 */
@Tag("integration")
@ExtendWith(KafkaServices.class)
class WireFormatTest {

    /** Upstream's schema_string() of the login event (the golden catalog's schema, sorted keys). */
    private static final String LOGIN_SCHEMA = "{\"doc\": \"Avro Event Format for CloudEvents created with "
            + "openedx_events/schema\", \"fields\": [{\"name\": \"user\", \"type\": {\"fields\": [{\"name\": \"id\", "
            + "\"type\": \"long\"}, {\"name\": \"is_active\", \"type\": \"boolean\"}, {\"name\": \"pii\", \"type\": "
            + "{\"fields\": [{\"name\": \"username\", \"type\": \"string\"}, {\"name\": \"email\", \"type\": "
            + "\"string\"}, {\"name\": \"name\", \"type\": \"string\"}], \"name\": \"UserPersonalData\", \"type\": "
            + "\"record\"}}], \"name\": \"UserData\", \"type\": \"record\"}}], \"name\": \"CloudEvent\", \"namespace\": "
            + "\"org.openedx.learning.auth.session.login.completed.v1\", \"type\": \"record\"}";
    /** kafka.md §3: the Avro body of the example login (id 123, foobob, bob@foo.example, Bob Foo). */
    private static final String FOOBOB_BODY = "f601010c666f6f626f621e626f6240666f6f2e6578616d706c650e426f6220466f6f";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final RunningConsumers consumers = new RunningConsumers();
    private final Fixtures.Recorder logins = new Fixtures.Recorder();

    @AfterEach
    void stop() throws InterruptedException {
        consumers.close();
        LearningSignals.SESSION_LOGIN_COMPLETED.disconnect(logins);
    }

    private static EventsMetadata metadata(String type, String id) {
        return EventsMetadata.builder(type).id(UUID.fromString(id)).source("openedx/lms/web").sourcehost("lms-host")
                .time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 0, ZoneOffset.UTC)).sourcelib(List.of(11, 2, 0)).build();
    }

    private static byte[] framed(int id, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }

    private static byte[] avroString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.length).isLessThan(64);
        return ByteBuffer.allocate(1 + utf8.length).put((byte) (utf8.length * 2)).put(utf8).array();
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static JsonNode latest(String subject) throws IOException {
        var response = KafkaServices.registry().get("/subjects/" + subject + "/versions/latest");
        assertThat(response.statusCode()).as("subject %s", subject).isEqualTo(200);
        return json(response.body());
    }

    /** The text first registered under a subject, as Apicurio stores it. */
    private static String registered(String subject) {
        var response = ApicurioRegistry.fetch(KafkaServices.registry().nativeUrl() + "/groups/default/artifacts/"
                + subject + "/versions/1/content");
        assertThat(response.statusCode()).as("subject %s", subject).isEqualTo(200);
        return response.body();
    }

    /** Registers a schema the way confluent-kafka's serializer does, outside this library. */
    private static int register(String subject, String schema) throws IOException {
        var response = ApicurioRegistry.post(KafkaServices.registry().url() + "/subjects/" + subject
                + "/versions?normalize=False", JSON.writeValueAsString(Map.of("schema", schema)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("id").intValue();
    }

    @Test
    void loginAndEnrollmentAreWrittenAsThePythonProducerWritesThem() throws IOException {
        Settings settings = KafkaServices.settings("EVENT_BUS_TOPIC_PREFIX", "dev");
        String topic = KafkaServices.topic("user-login");
        String full = "dev-" + topic;
        String loginId = "6e3bd2bc-8b6e-11ee-b9d1-0242ac120002";
        String enrollmentId = "7f4ce3cd-8b6e-11ee-b9d1-0242ac120002";
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            producer.send(new OutgoingEvent(LearningSignals.SESSION_LOGIN_COMPLETED, topic, "user.pii.username",
                    Fixtures.foobob(), metadata(Fixtures.LOGIN_TYPE, loginId)));
            producer.send(new OutgoingEvent(LearningSignals.COURSE_ENROLLMENT_CREATED, topic,
                    "enrollment.course.course_key", Fixtures.enrollment("course-v1:edX+DemoX+Demo_Course"),
                    metadata(Fixtures.ENROLLMENT_TYPE, enrollmentId)));
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }

        var subjects = JSON.readValue(KafkaServices.registry().get("/subjects").body(), String[].class);
        assertThat(Set.of(subjects).stream().filter(s -> s.startsWith(full + "-")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(full + "-string",
                        full + "-org.openedx.learning.auth.session.login.completed.v1.CloudEvent",
                        full + "-org.openedx.learning.course.enrollment.created.v1.CloudEvent");
        // The registry keeps the text as registered; its Confluent API shows it re-serialised.
        JsonNode loginValue = latest(full + "-" + Fixtures.LOGIN_TYPE + ".CloudEvent");
        assertThat(registered(full + "-" + Fixtures.LOGIN_TYPE + ".CloudEvent")).isEqualTo(LOGIN_SCHEMA);
        JsonNode enrollmentValue = latest(full + "-" + Fixtures.ENROLLMENT_TYPE + ".CloudEvent");
        var keyVersion1 = json(KafkaServices.registry().get("/subjects/" + full + "-string/versions/1").body());
        assertThat(registered(full + "-string")).isEqualTo("{\"name\": \"username\", \"type\": \"string\"}");
        int keyId = keyVersion1.get("id").intValue();

        List<ConsumerRecord<byte[], byte[]>> records = KafkaServices.broker().read(full, 2, 30_000);
        assertThat(records).hasSize(2);
        ConsumerRecord<byte[], byte[]> login = records.get(0);
        assertThat(HEX.formatHex(login.key())).isEqualTo(HEX.formatHex(framed(keyId, avroString("foobob"))));
        assertThat(HEX.formatHex(login.value())).isEqualTo("00" + HEX.formatHex(ByteBuffer.allocate(4)
                .putInt(loginValue.get("id").intValue()).array()) + FOOBOB_BODY);
        assertThat(headers(login)).containsExactly("ce_specversion=1.0", "content-type=application/avro",
                "ce_datacontenttype=application/avro", "ce_type=" + Fixtures.LOGIN_TYPE, "ce_id=" + loginId,
                "ce_source=openedx/lms/web", "ce_time=2023-01-01T14:00:00+00:00", "ce_minorversion=0",
                "sourcehost=lms-host", "sourcelib=11.2.0");

        // kafka.md §4.4: 00 00 00 00 <id> 3e, then the 31 bytes of the course key; one id for both key schemas.
        ConsumerRecord<byte[], byte[]> enrollment = records.get(1);
        byte[] courseKey = "course-v1:edX+DemoX+Demo_Course".getBytes(StandardCharsets.UTF_8);
        assertThat(courseKey).hasSize(31);
        assertThat(HEX.formatHex(enrollment.key())).isEqualTo("00" + HEX.formatHex(ByteBuffer.allocate(4).putInt(keyId)
                .array()) + "3e" + HEX.formatHex(courseKey));
        assertThat(ByteBuffer.wrap(enrollment.value(), 1, 4).getInt()).isEqualTo(enrollmentValue.get("id").intValue());
        assertThat(headers(enrollment)).contains("ce_type=" + Fixtures.ENROLLMENT_TYPE, "ce_id=" + enrollmentId);
    }

    @Test
    void keysGoToThePartitionLibrdkafkaChooses() {
        Settings settings = KafkaServices.settings();
        String topic = KafkaServices.topic("partitioned");
        KafkaServices.broker().createTopic(topic, 6);
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            for (long i = 0; i < 60; i++) {
                producer.send(Fixtures.loginTo(topic, i));
            }
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }
        List<ConsumerRecord<byte[], byte[]>> records = KafkaServices.broker().read(topic, 60, 30_000);
        assertThat(records).hasSize(60);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            CRC32 crc = new CRC32();
            crc.update(record.key());
            assertThat(record.partition()).as("partition of key %s", HEX.formatHex(record.key()))
                    .isEqualTo((int) (crc.getValue() % 6));
        }
        assertThat(records.stream().map(ConsumerRecord::partition).distinct().count()).isGreaterThan(3);
    }

    @Test
    void messagesAsPythonWritesThemAreConsumed() throws IOException {
        String topic = KafkaServices.topic("python-login");
        int valueId = register(topic + "-" + Fixtures.LOGIN_TYPE + ".CloudEvent", LOGIN_SCHEMA);
        int keyId = register(topic + "-string", "{\"name\": \"username\", \"type\": \"string\"}");
        RecordHeaders complete = new RecordHeaders();
        String[][] pythonHeaders = {{"ce_specversion", "1.0"}, {"content-type", "application/avro"},
            {"ce_datacontenttype", "application/avro"}, {"ce_type", Fixtures.LOGIN_TYPE},
            {"ce_id", "0b4a4ff0-a8e4-11ee-8c90-0242ac120002"}, {"ce_source", "openedx/lms/web"},
            {"ce_time", "2023-01-01T14:00:00.123456+00:00"}, {"ce_minorversion", "0"},
            {"sourcehost", "edx.devstack.lms"}, {"sourcelib", "9.5.1"}};
        for (String[] header : pythonHeaders) {
            complete.add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
        }
        RecordHeaders minimal = new RecordHeaders();
        minimal.add("ce_type", Fixtures.LOGIN_TYPE.getBytes(StandardCharsets.UTF_8));
        minimal.add("ce_id", "1c5b5001-a8e4-11ee-8c90-0242ac120002".getBytes(StandardCharsets.UTF_8));
        byte[] value = framed(valueId, HEX.parseHex(FOOBOB_BODY));
        try (KafkaProducer<byte[], byte[]> producer = KafkaServices.broker().rawProducer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, null, framed(keyId, avroString("foobob")), value, complete));
            producer.send(new ProducerRecord<>(topic, null, framed(keyId, avroString("foobob")), value, minimal));
        }

        LearningSignals.SESSION_LOGIN_COMPLETED.connect(logins);
        consumers.start(KafkaServices.settings(), topic, "python-shaped");
        await().atMost(Duration.ofSeconds(60)).until(() -> logins.size() >= 2);

        ReceivedEvent first = logins.events.get(0);
        assertThat(first.data()).isEqualTo(Fixtures.foobob());
        assertThat(first.fromEventBus()).isTrue();
        assertThat(first.metadata()).isEqualTo(EventsMetadata.builder(Fixtures.LOGIN_TYPE)
                .id(UUID.fromString("0b4a4ff0-a8e4-11ee-8c90-0242ac120002")).source("openedx/lms/web")
                .sourcehost("edx.devstack.lms").time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 123_456_000,
                        ZoneOffset.UTC)).sourcelib(List.of(9, 5, 1)).minorversion(0).build());
        // Headers a producer left out take the consumer's defaults, as upstream.
        EventsMetadata second = logins.events.get(1).metadata();
        EventsMetadata local = Fixtures.loginMetadata();
        assertThat(second.id()).isEqualTo(UUID.fromString("1c5b5001-a8e4-11ee-8c90-0242ac120002"));
        assertThat(second.sourcehost()).isEqualTo(local.sourcehost());
        assertThat(second.sourcelib()).isEqualTo(local.sourcelib());
        assertThat(second.source()).isEqualTo(local.source());
    }

    @Test
    void aWriterSchemaWithMoreFieldsIsResolvedToTheLocalOne() throws IOException {
        String topic = KafkaServices.topic("evolved-login");
        String evolved = LOGIN_SCHEMA.replace("{\"name\": \"name\", \"type\": \"string\"}",
                "{\"name\": \"name\", \"type\": \"string\"}, {\"default\": \"\", \"name\": \"phone\", \"type\": \"string\"}");
        assertThat(evolved).isNotEqualTo(LOGIN_SCHEMA);
        int valueId = register(topic + "-" + Fixtures.LOGIN_TYPE + ".CloudEvent", evolved);
        Schema schema = new Schema.Parser().parse(evolved);
        Schema userSchema = schema.getField("user").schema();
        Schema piiSchema = userSchema.getField("pii").schema();
        GenericRecord pii = new GenericData.Record(piiSchema);
        pii.put("username", "foobob");
        pii.put("email", "bob@foo.example");
        pii.put("name", "Bob Foo");
        pii.put("phone", "+1 555 0100");
        GenericRecord user = new GenericData.Record(userSchema);
        user.put("id", 123L);
        user.put("is_active", true);
        user.put("pii", pii);
        GenericRecord event = new GenericData.Record(schema);
        event.put("user", user);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(schema).write(event, encoder);
        encoder.flush();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", Fixtures.LOGIN_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add("ce_id", "2d6c6112-a8e4-11ee-8c90-0242ac120002".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = KafkaServices.broker().rawProducer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, null, (byte[]) null, framed(valueId, body.toByteArray()), headers));
        }

        LearningSignals.SESSION_LOGIN_COMPLETED.connect(logins);
        consumers.start(KafkaServices.settings(), topic, "evolved");
        await().atMost(Duration.ofSeconds(60)).until(() -> logins.size() >= 1);
        assertThat(logins.events.get(0).data()).isEqualTo(Fixtures.foobob());
    }

    @Test
    void aSchemaTheRegistryRefusesIsReportedWithEventTypeAndSubjectAndWorksOnceRegisteredOtherwise()
            throws IOException {
        OpenEdxPublicSignal reversed = EnterpriseSignals.SUBSIDY_REDEMPTION_REVERSED;
        String topic = KafkaServices.topic("subsidy");
        String subject = topic + "-" + reversed.eventType() + ".CloudEvent";
        Settings settings = KafkaServices.settings();
        EventData data = EventData.of("redemption", new SubsidyRedemption("sub-1", "course-v1:edX+DemoX+Demo", 42));
        try (LogCapture log = new LogCapture(); EventBusProducer producer = EventBusBackends.producer(settings)) {
            producer.send(new OutgoingEvent(reversed, topic, null, data, reversed.generateSignalMetadata(null)));
            assertThat(producer.flush(Duration.ofSeconds(10))).isFalse();
            assertThat(producer.stats().failed()).isEqualTo(1);
            assertThat(log.text()).contains("Cannot send event " + reversed.eventType() + ": Schema registry "
                    + KafkaServices.registry().url() + " refused registering the schema of subject '" + subject
                    + "': HTTP 422");
        }

        // Registered by other means (Apicurio's own API), the same text gets its id from the Confluent API.
        String schema = org.openedx.events.avro.AvroEventSerializer.defaults().schemaString(reversed);
        var created = ApicurioRegistry.post(KafkaServices.registry().nativeUrl() + "/groups/default/artifacts",
                JSON.writeValueAsString(Map.of("artifactId", subject, "artifactType", "AVRO", "firstVersion",
                        Map.of("content", Map.of("content", schema, "contentType", "application/json")))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            producer.send(new OutgoingEvent(reversed, topic, null, data, reversed.generateSignalMetadata(null)));
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }
        List<ReceivedEvent> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.openedx.events.EventReceiver receiver = received::add;
        reversed.connect(receiver);
        try {
            consumers.start(settings, topic, "subsidy");
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 1);
            assertThat(received.get(0).data()).isEqualTo(data);
        } finally {
            reversed.disconnect(receiver);
        }
    }
}
