package org.openedx.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConfigurationException;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.kafka.internal.ClientConfigs;
import org.openedx.events.kafka.internal.CloudEventHeaders;
import org.openedx.events.kafka.internal.ConfluentFraming;
import org.openedx.events.kafka.internal.ConsumerOptions;
import org.openedx.events.kafka.internal.PythonRepr;
import org.openedx.events.kafka.testing.FreePorts;
import org.openedx.events.kafka.testing.LogCapture;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.UnusableMessageException;

/** Settings, client configurations, options, framing and partitioning: what needs no broker. */
class KafkaConfigurationTest {

    private static Settings settings(Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "kafka");
        values.put("EVENT_BUS_CONSUMER", "kafka");
        values.put("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + FreePorts.next());
        values.put("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + FreePorts.next());
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void theBackendIsFoundByNameAndByUpstreamPaths() {
        assertThat(EventBusBackends.find("kafka")).get().isInstanceOf(KafkaBackend.class);
        assertThat(EventBusBackends.find("edx_event_bus_kafka.create_producer")).get().isInstanceOf(KafkaBackend.class);
        assertThat(EventBusBackends.find("edx_event_bus_kafka.KafkaEventConsumer")).get()
                .isInstanceOf(KafkaBackend.class);
        SettingDefinitions kafka = ServiceLoader.load(SettingDefinitions.class).stream().map(ServiceLoader.Provider::get)
                .filter(d -> d.module().equals("kafka")).findFirst().orElseThrow();
        assertThat(kafka.settings()).extracting(s -> s.name()).contains("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS",
                "EVENT_BUS_KAFKA_API_KEY", "EVENT_BUS_KAFKA_API_SECRET", "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL",
                "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY", "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET",
                "EVENT_BUS_KAFKA_POLL_INTERVAL_SEC", "EVENT_BUS_KAFKA_CONSUMERS_ENABLED",
                "EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", "EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP",
                "EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", "EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED",
                "EVENT_BUS_KAFKA_CONSUMER_MAX_RETRIES", "EVENT_BUS_KAFKA_CONSUMER_RETRY_DELAY",
                "EVENT_BUS_KAFKA_CLIENT_PROPERTIES", "EVENT_BUS_KAFKA_PRODUCER_PROPERTIES",
                "EVENT_BUS_KAFKA_CONSUMER_PROPERTIES").doesNotHaveDuplicates();
        assertThat(new KafkaBackend().deliveryOverrides()).isSameAs(KafkaSettings.DELIVERY);
        assertThat(new KafkaBackend().codec()).isSameAs(AvroEventSerializer.defaults());
    }

    private static DeliverySettings delivery(Settings settings) {
        return DeliverySettings.from(settings, new KafkaBackend().deliveryOverrides());
    }

    @Test
    void settingsHaveUpstreamDefaults() {
        KafkaSettings kafka = KafkaSettings.from(settings());
        assertThat(kafka.pollTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(kafka.sasl()).isFalse();
        DeliverySettings delivery = delivery(settings());
        assertThat(delivery.consumersEnabled()).isTrue();
        assertThat(delivery.auditLogging()).isTrue();
        assertThat(delivery.pollFailureSleep()).isEqualTo(Duration.ofSeconds(1));
        assertThat(delivery.consecutiveErrorsLimit()).isNull();
        assertThat(delivery.maxRetries()).isEqualTo(3);
        assertThat(delivery.retryDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(delivery(settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 5)).consecutiveErrorsLimit())
                .isEqualTo(5);
        assertThat(delivery(settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 5,
                "EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", "2")).consecutiveErrorsLimit()).isEqualTo(2);
        DeliverySettings kafkaNames = delivery(settings("EVENT_BUS_KAFKA_CONSUMERS_ENABLED", "false",
                "EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED", false, "EVENT_BUS_KAFKA_CONSUMER_MAX_RETRIES", 1,
                "EVENT_BUS_KAFKA_CONSUMER_RETRY_DELAY", 0.5, "EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP", "2"));
        assertThat(kafkaNames).isEqualTo(new DeliverySettings(false, 1, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(2), null, false));
        assertThat(BackendContext.of(settings("EVENT_BUS_TOPIC_PREFIX", "dev"), Clock.systemUTC()).fullTopic("t"))
                .isEqualTo("dev-t");
    }

    @Test
    void missingOrBrokenSettingsAreNamed() {
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", "")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Invalid setting EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS: is required");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", null)))
                .hasMessageContaining("Invalid setting EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL: is required");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL",
                "ftp://u:hunter2@registry"))).hasMessageContaining("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_API_SECRET", "hunter2")))
                .hasMessageContaining("EVENT_BUS_KAFKA_API_KEY").hasMessageContaining("EVENT_BUS_KAFKA_API_SECRET")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", "0")))
                .hasMessageContaining("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_POLL_INTERVAL_SEC", "often")))
                .hasMessageContaining("EVENT_BUS_KAFKA_POLL_INTERVAL_SEC");
        assertThatThrownBy(() -> delivery(settings("EVENT_BUS_KAFKA_CONSUMER_MAX_RETRIES", -1)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("EVENT_BUS_KAFKA_CONSUMER_MAX_RETRIES");
        assertThatThrownBy(() -> delivery(settings("EVENT_BUS_KAFKA_CONSUMER_RETRY_DELAY", -1)))
                .hasMessageContaining("EVENT_BUS_KAFKA_CONSUMER_RETRY_DELAY");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES",
                Map.of("enable.auto.commit", true)))).hasMessageContaining("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES")
                .hasMessageContaining("'enable.auto.commit'");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES",
                "linger.ms: [1]"))).hasMessageContaining("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES")
                .hasMessageContaining("'linger.ms'");
        assertThatThrownBy(() -> KafkaSettings.from(settings("EVENT_BUS_KAFKA_CLIENT_PROPERTIES", "[1]")))
                .hasMessageContaining("EVENT_BUS_KAFKA_CLIENT_PROPERTIES");
    }

    @Test
    void clientConfigurationsFollowUpstreamThenThePassThroughProperties() {
        KafkaSettings kafka = KafkaSettings.from(settings("EVENTS_SERVICE_NAME", "lms",
                "EVENT_BUS_KAFKA_API_KEY", "key", "EVENT_BUS_KAFKA_API_SECRET", "se\"cret",
                "EVENT_BUS_KAFKA_CLIENT_PROPERTIES", Map.of("ssl.endpoint.identification.algorithm", ""),
                "EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", "{linger.ms: 20, acks: 1}",
                "EVENT_BUS_KAFKA_CONSUMER_PROPERTIES", Map.of("max.poll.records", 100, "auto.offset.reset", "latest")));
        Map<String, Object> producer = ClientConfigs.producer(kafka);
        assertThat(producer).containsEntry("bootstrap.servers", kafka.bootstrapServers())
                .containsEntry("client.id", "lms").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN").containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "1").containsEntry("linger.ms", "20")
                .containsEntry("partitioner.class", ConsistentRandomPartitioner.class.getName())
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("metadata.recovery.strategy", "none")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"key\" password=\"se\\\"cret\";");
        Map<String, Object> consumer = ClientConfigs.consumer(kafka, "g", null);
        assertThat(consumer).containsEntry("group.id", "g").containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "latest").containsEntry("max.poll.records", "100")
                .doesNotContainKey("linger.ms");
        assertThat(ClientConfigs.consumer(kafka, "g", "earliest")).containsEntry("auto.offset.reset", "earliest");
        assertThat(ClientConfigs.consumer(KafkaSettings.from(settings()), "g", null))
                .containsEntry("auto.offset.reset", "earliest").doesNotContainKey("client.id")
                .doesNotContainKey("security.protocol");
    }

    /** What the transports report when kafka-clients refuses to build a client from these settings. */
    private static InvalidSettingException creationFailure(Settings raw, boolean producer) {
        KafkaSettings kafka = KafkaSettings.from(raw);
        try {
            if (producer) {
                new KafkaProducer<byte[], byte[]>(ClientConfigs.producer(kafka)).close();
            } else {
                new KafkaConsumer<byte[], byte[]>(ClientConfigs.consumer(kafka, "g", null)).close();
            }
        } catch (RuntimeException e) {
            return ClientConfigs.invalid(producer ? "producer" : "consumer", kafka, producer, e);
        }
        throw new AssertionError("kafka-clients accepted the settings");
    }

    @Test
    void unusableSaslSettingsBlameTheSettingThatMadeThemNotTheBootstrapServers() {
        // A line break ends a quoted JAAS value: SASL PLAIN cannot hold it. The secret is not quoted back.
        assertThat(creationFailure(settings("EVENT_BUS_KAFKA_API_KEY", "key", "EVENT_BUS_KAFKA_API_SECRET",
                "hunter2\nrest"), true)).satisfies(e -> {
                    assertThat(e.setting()).isEqualTo("EVENT_BUS_KAFKA_API_SECRET");
                    assertThat(e).hasMessageStartingWith("Invalid setting EVENT_BUS_KAFKA_API_SECRET: cannot create "
                            + "the Kafka producer: ").hasMessageContaining("JAAS config")
                            .hasMessageContaining("line break").hasMessageNotContaining("hunter2")
                            .hasMessageNotContaining("rest");
                });
        assertThat(creationFailure(settings("EVENT_BUS_KAFKA_API_KEY", "my\rkey", "EVENT_BUS_KAFKA_API_SECRET",
                "hunter2"), false)).satisfies(e -> {
                    assertThat(e.setting()).isEqualTo("EVENT_BUS_KAFKA_API_KEY");
                    assertThat(e).hasMessageContaining("cannot create the Kafka consumer")
                            .hasMessageNotContaining("hunter2").hasMessageNotContaining("key'");
                });
        // The property maps that set the SASL or SSL properties at fault.
        assertThat(creationFailure(settings("EVENT_BUS_KAFKA_API_KEY", "key", "EVENT_BUS_KAFKA_API_SECRET", "s",
                "EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", Map.of("sasl.jaas.config", "LoginModule password=hunter2")),
                true)).satisfies(e -> assertThat(e.setting()).isEqualTo("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES"))
                .hasMessageNotContaining("hunter2");
        assertThat(creationFailure(settings("EVENT_BUS_KAFKA_API_KEY", "key", "EVENT_BUS_KAFKA_API_SECRET", "s",
                "EVENT_BUS_KAFKA_CLIENT_PROPERTIES", Map.of("sasl.mechanism", "GSSAPI")), true))
                .satisfies(e -> assertThat(e.setting()).isEqualTo("EVENT_BUS_KAFKA_CLIENT_PROPERTIES"))
                .hasMessageContaining("No serviceName defined");
        assertThat(creationFailure(settings("EVENT_BUS_KAFKA_CLIENT_PROPERTIES", Map.of("security.protocol",
                "SASL_SSL")), false)).satisfies(e -> assertThat(e.setting())
                .isEqualTo("EVENT_BUS_KAFKA_CLIENT_PROPERTIES")).hasMessageContaining("'KafkaClient' entry");
        assertThat(creationFailure(settings("EVENT_BUS_KAFKA_API_KEY", "key", "EVENT_BUS_KAFKA_API_SECRET", "s",
                "EVENT_BUS_KAFKA_CLIENT_PROPERTIES", Map.of("linger.ms", 5),
                "EVENT_BUS_KAFKA_CONSUMER_PROPERTIES", Map.of("ssl.truststore.location", "/nonexistent/trust.jks")),
                false)).satisfies(e -> assertThat(e.setting()).isEqualTo("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES"))
                .hasMessageContaining("/nonexistent/trust.jks");
        // What the bootstrap servers themselves get wrong still names them.
        assertThat(creationFailure(settings("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", "no-such-host.invalid:9092"), true))
                .satisfies(e -> assertThat(e.setting()).isEqualTo("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS"))
                .hasMessageContaining("bootstrap");
    }

    @Test
    void secretsAreMaskedWhereverSettingsAreShown() {
        Settings raw = settings("EVENT_BUS_KAFKA_API_KEY", "key", "EVENT_BUS_KAFKA_API_SECRET", "hunter2",
                "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", "https://reg:pa55word@registry.example.com",
                "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET", "s3cret",
                "EVENT_BUS_KAFKA_CLIENT_PROPERTIES", Map.of("ssl.keystore.password", "k3ystore"));
        String shown = KafkaSettings.from(raw).toString();
        assertThat(shown).contains("key", "registry.example.com", "ssl.keystore.password")
                .doesNotContain("hunter2", "pa55word", "s3cret", "k3ystore");
        assertThat(KafkaSettings.EVENT_BUS_KAFKA_CLIENT_PROPERTIES.display(Map.of("ssl.keystore.password", "k3ystore")))
                .doesNotContain("k3ystore");
        assertThat(KafkaSettings.EVENT_BUS_KAFKA_API_SECRET.display("hunter2")).doesNotContain("hunter2");
    }

    @Test
    void aRegistryThatCannotBeReachedAtStartUpIsAClearErrorWithoutSecrets() {
        int port = FreePorts.next();
        Settings raw = settings("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", "http://reg:pa55word@127.0.0.1:" + port
                        + "/apis/ccompat/v7", "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY", "reg",
                "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET", "s3cret");
        assertThatThrownBy(() -> EventBusBackends.producer(raw)).isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("Cannot create the kafka producer")
                .hasMessageContaining("Schema registry http://127.0.0.1:" + port + "/apis/ccompat/v7 cannot be reached")
                .hasMessageContaining("ConnectException")
                .hasMessageNotContaining("pa55word").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> EventBusBackends.consumer(raw, ConsumerSpec.of("t", "g")))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("Schema registry http://127.0.0.1:" + port + "/apis/ccompat/v7 cannot be reached")
                .hasMessageNotContaining("pa55word").hasMessageNotContaining("s3cret");
    }

    private static ConsumerOptions options(Map<String, Object> extra) {
        String owner = "the kafka consumer of topic 't'";
        return ConsumerOptions.from(new KafkaBackend().consumerOptions().parse(extra, owner), owner);
    }

    @Test
    void consumerOptionsAreCheckedAndNamed() {
        assertThat(new KafkaBackend().consumerOptions().names()).containsExactly("offset_time", "reset_only",
                "auto_offset_reset");
        assertThat(options(Map.of())).isEqualTo(new ConsumerOptions(null, false, null));
        assertThat(options(Map.of("offset_time", "2024-01-02T03:04:05+01:00", "reset_only", "true",
                "auto_offset_reset", "LATEST"))).isEqualTo(new ConsumerOptions(
                        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(1)), true, "latest"));
        // Upstream reads a time without offset in the host's zone.
        try (LogCapture log = new LogCapture()) {
            assertThat(options(Map.of("offset_time", "2024-01-02T03:04:05")).offsetTime())
                    .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5).atZone(ZoneId.systemDefault()).toOffsetDateTime());
            assertThat(log.text()).contains("offset_time '2024-01-02T03:04:05' has no UTC offset; reading it in this "
                    + "host's time zone");
        }
        assertThatThrownBy(() -> options(Map.of("offset_time", "yesterday")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Invalid option 'offset_time' of the kafka consumer of topic 't'")
                .hasMessageContaining("ISO date-time").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> options(Map.of("reset_only", true))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Invalid option 'reset_only' of the kafka consumer of topic 't'")
                .hasMessageContaining("needs offset_time");
        assertThatThrownBy(() -> options(Map.of("reset_only", "maybe"))).hasMessageContaining("reset_only");
        assertThatThrownBy(() -> options(Map.of("auto_offset_reset", "none")))
                .hasMessageContaining("Invalid option 'auto_offset_reset'")
                .hasMessageContaining("must be one of [earliest, latest]");
        // Through the backend: an unknown option, and reset_only alone, fail before the registry is asked.
        assertThatThrownBy(() -> EventBusBackends.consumer(settings(), new ConsumerSpec("t", "g",
                Map.of("consumer_name", "x")))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Invalid option 'consumer_name'").hasMessageContaining("offset_time");
        assertThatThrownBy(() -> EventBusBackends.consumer(settings(), new ConsumerSpec("t", "g",
                Map.of("reset_only", true)))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("needs offset_time");
        assertThat(options(Map.of("offset_time", "2024-01-02T03:04:05+01:00")).commitMetadata())
                .isEqualTo("openedx-events offset_time=2024-01-02T03:04:05+01:00");
        assertThat(options(Map.of("offset_time", "2024-01-02T03:04:05+01:00", "reset_only", true)).commitMetadata())
                .isEmpty();
    }

    @Test
    void framingIsConfluentsWireFormat() {
        byte[] framed = ConfluentFraming.frame(0x01020304, new byte[] {0x0c, 0x66});
        assertThat(HexFormat.of().formatHex(framed)).isEqualTo("00010203040c66");
        assertThat(ConfluentFraming.schemaId(framed)).isEqualTo(0x01020304);
        assertThat(ConfluentFraming.body(framed)).containsExactly(0x0c, 0x66);
        assertThat(ConfluentFraming.schemaId(ConfluentFraming.frame(-2, new byte[1]))).isEqualTo(-2);
        assertThatThrownBy(() -> ConfluentFraming.schemaId(new byte[5])).isInstanceOf(UnusableMessageException.class)
                .hasMessageContaining("Expecting data framing of length 6 bytes or more but total data size is 5 bytes");
        assertThatThrownBy(() -> ConfluentFraming.schemaId(new byte[] {1, 0, 0, 0, 1, 2}))
                .hasMessageContaining("Unexpected magic byte 1");
    }

    @Test
    void keysArePartitionedAsLibrdkafkaDoes() {
        // CRC-32 check value of "123456789" is 0xCBF43926 = 3421780262; 3421780262 mod 7 = 5.
        assertThat(ConsistentRandomPartitioner.partitionOf("123456789".getBytes(StandardCharsets.US_ASCII), 7))
                .isEqualTo(5);
        // kafka.md's example login key with schema id 7: zlib.crc32 = 447751902, mod 6 = 0.
        byte[] key = HexFormat.of().parseHex("00000000070c666f6f626f62");
        assertThat(ConsistentRandomPartitioner.partitionOf(key, 6)).isEqualTo(447751902 % 6);
        Node node = new Node(1, "127.0.0.1", 9092);
        List<PartitionInfo> partitions = List.of(
                new PartitionInfo("t", 0, node, new Node[] {node}, new Node[] {node}),
                new PartitionInfo("t", 1, null, new Node[] {node}, new Node[0]),
                new PartitionInfo("t", 2, node, new Node[] {node}, new Node[] {node}));
        Cluster cluster = new Cluster("c", List.of(node), partitions, Set.of(), Set.of());
        ConsistentRandomPartitioner partitioner = new ConsistentRandomPartitioner();
        assertThat(partitioner.partition("t", null, key, null, null, cluster)).isEqualTo((int) (447751902L % 3));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(partitioner.partition("t", null, null, null, null, cluster));
            seen.add(partitioner.partition("t", null, new byte[0], null, null, cluster));
        }
        // Null and empty keys go to a random partition among the available ones (1 has no leader).
        assertThat(seen).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void bytesAreShownAsPythonShowsThem() {
        assertThat(PythonRepr.bytes(HexFormat.of().parseHex("00000000070c666f6f626f62")))
                .isEqualTo("b'\\x00\\x00\\x00\\x00\\x07\\x0cfoobob'");
        assertThat(PythonRepr.bytes("it's".getBytes(StandardCharsets.UTF_8))).isEqualTo("b\"it's\"");
        assertThat(PythonRepr.bytes("a\"b'c\\".getBytes(StandardCharsets.UTF_8))).isEqualTo("b'a\"b\\'c\\\\'");
        assertThat(PythonRepr.bytes(null)).isEqualTo("None");
        assertThat(PythonRepr.string("it's")).isEqualTo("\"it's\"");
    }

    @Test
    void headersReusedFromEventToEventFollowEachEventsMetadata() {
        CloudEventHeaders headers = new CloudEventHeaders();
        EventsMetadata first = EventsMetadata.builder("org.openedx.learning.auth.session.login.completed.v1")
                .source("openedx/lms/web").sourcehost("lms-1").sourcelib(List.of(11, 2, 0)).build();
        List<EventsMetadata> stream = List.of(first, first.toBuilder().id(UUID.randomUUID()).build(),
                first.toBuilder().source("openedx/cms/web").build(), first.toBuilder().sourcehost("lms-2").build(),
                first.toBuilder().minorversion(1).build(), first.toBuilder().sourcelib(List.of(12, 0)).build(),
                EventsMetadata.builder("org.openedx.learning.course.enrollment.created.v1").build(), first);
        CloudEventHeaders.Reader reader = new CloudEventHeaders.Reader();
        for (EventsMetadata metadata : stream) {
            Map<String, String> written = new LinkedHashMap<>();
            for (Header header : headers.of(metadata)) {
                written.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("ce_specversion", "1.0");
            expected.put("content-type", "application/avro");
            expected.put("ce_datacontenttype", "application/avro");
            expected.putAll(MetadataCodec.CLOUD_EVENTS_HEADERS.toFields(metadata));
            assertThat(written).containsExactlyEntriesOf(expected);
            assertThat(reader.read(headers.of(metadata))).isEqualTo(metadata);
            assertThat(reader.signal().eventType()).isEqualTo(metadata.eventType());
        }
    }
}
