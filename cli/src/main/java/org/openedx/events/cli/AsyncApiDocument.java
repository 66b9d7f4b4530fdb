package org.openedx.events.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openedx.events.EventsLibrary;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;
import org.openedx.events.settings.TopicConfig;
import org.openedx.events.wire.MetadataCodec;

/**
 * The bus as an AsyncAPI 3.0 document: a channel per topic (prefix applied) with the events sent
 * there, each message with its Avro schema (the very schema {@code openedx-events schema} prints),
 * its key field and the metadata the backend carries beside the data as headers ({@code ce_*}
 * Kafka headers, or the stream fields of Redis and the embedded bus). Built from the settings the
 * reader runs, so it says which events go where.
 */
final class AsyncApiDocument {

    static final String AVRO_FORMAT = "application/vnd.apache.avro;version=1.9.0";
    private static final String KAFKA = "kafka";

    private final EventBusSettings bus;
    private final boolean kafka;
    private final AvroEventSerializer avro = AvroEventSerializer.defaults();
    private final Map<String, Object> channels = new LinkedHashMap<>();
    private final Map<String, Object> operations = new LinkedHashMap<>();
    private final Map<String, Object> messages = new LinkedHashMap<>();

    private AsyncApiDocument(Settings settings) {
        this.bus = EventBusSettings.from(settings);
        this.kafka = bus.producer().or(bus::consumer)
                .map(name -> name.toLowerCase(java.util.Locale.ROOT).contains(KAFKA)).orElse(false);
    }

    /**
     * Every serializable event, or those named: on the topics EVENT_BUS_PRODUCER_CONFIG gives them,
     * else on a channel without an address.
     */
    static Map<String, Object> ofEvents(Settings settings, List<OpenEdxPublicSignal> signals) {
        AsyncApiDocument document = new AsyncApiDocument(settings);
        List<OpenEdxPublicSignal> chosen = signals.isEmpty()
                ? SignalRegistry.all().stream().filter(OpenEdxPublicSignal::serializable).toList() : signals;
        for (OpenEdxPublicSignal signal : chosen) {
            Map<String, TopicConfig> topics = document.bus.producerConfig().topics(signal.eventType());
            if (topics == null || topics.isEmpty()) {
                document.send(null, signal, signal.eventKeyField().orElse(null));
            } else {
                topics.forEach((topic, config) -> document.send(topic, signal, config.eventKeyField()));
            }
        }
        return document.build();
    }

    /** The topics and events of EVENT_BUS_PRODUCER_CONFIG. */
    static Map<String, Object> ofProducerConfig(Settings settings) {
        AsyncApiDocument document = new AsyncApiDocument(settings);
        if (document.bus.producerConfig().isEmpty()) {
            throw new IllegalArgumentException("EVENT_BUS_PRODUCER_CONFIG is not set: there is nothing to describe");
        }
        for (String eventType : document.bus.producerConfig().eventTypes()) {
            OpenEdxPublicSignal signal = CliSupport.signal(eventType);
            document.bus.producerConfig().topics(eventType).forEach((topic, config) -> {
                if (config.enabled()) {
                    document.send(topic, signal, config.eventKeyField());
                }
            });
        }
        return document.build();
    }

    /** The topics of EVENT_BUS_CONSUMER_CONFIG, with the events EVENT_BUS_PRODUCER_CONFIG sends there. */
    static Map<String, Object> ofConsumerConfig(Settings settings) {
        AsyncApiDocument document = new AsyncApiDocument(settings);
        if (document.bus.consumerConfig().isEmpty()) {
            throw new IllegalArgumentException("EVENT_BUS_CONSUMER_CONFIG is not set: there is nothing to describe");
        }
        document.bus.consumerConfig().asMap().forEach((topic, entry) -> {
            if (!entry.enabled()) {
                return;
            }
            Set<String> eventTypes = new LinkedHashSet<>();
            for (String eventType : document.bus.producerConfig().eventTypes()) {
                if (document.bus.producerConfig().topics(eventType).containsKey(topic)) {
                    eventTypes.add(eventType);
                }
            }
            String channel = document.channel(topic, "Consumed by group '" + entry.groupId() + "'"
                    + (eventTypes.isEmpty() ? "; EVENT_BUS_PRODUCER_CONFIG sends no event here" : ""));
            List<Object> refs = new ArrayList<>();
            for (String eventType : eventTypes) {
                OpenEdxPublicSignal signal = CliSupport.signal(eventType);
                refs.add(document.message(channel, signal,
                        document.bus.producerConfig().topics(eventType).get(topic).eventKeyField()));
            }
            document.operation("receive", channel, refs);
        });
        return document.build();
    }

    private void send(String topic, OpenEdxPublicSignal signal, String keyField) {
        String channel = channel(topic, topic == null ? signal.eventType() : null);
        operation("send", channel, List.of(message(channel, signal, keyField)));
    }

    /** The channel of a topic (null: a channel of an event whose topic is chosen where it is sent); its id. */
    @SuppressWarnings("unchecked")
    private String channel(String topic, String note) {
        String id = topic == null ? "unassigned-" + note : topic;
        Map<String, Object> channel = (Map<String, Object>) channels.computeIfAbsent(id, key -> {
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("address", topic == null ? null : bus.fullTopic(topic));
            created.put("messages", new LinkedHashMap<String, Object>());
            created.put("description", topic == null ? "Event " + note + " is in no topic of "
                    + "EVENT_BUS_PRODUCER_CONFIG: its topic is the one it is sent to." : "Topic '" + topic + "' (as on the bus: '"
                    + bus.fullTopic(topic) + "'); its dead letters go to '" + bus.fullTopic(topic) + "-dead-letter'.");
            return created;
        });
        if (topic != null && note != null) {
            channel.put("description", channel.get("description") + " " + note + ".");
        }
        return id;
    }

    /** The event's message in a channel; a reference to it for an operation. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> message(String channel, OpenEdxPublicSignal signal, String keyField) {
        String id = signal.eventType() + (keyField == null ? "" : "-by-" + keyField);
        messages.computeIfAbsent(id, key -> messageOf(signal, keyField));
        Map<String, Object> channelMessages = (Map<String, Object>) ((Map<String, Object>) channels.get(channel))
                .get("messages");
        channelMessages.put(id, Map.of("$ref", "#/components/messages/" + id));
        return Map.of("$ref", "#/channels/" + channel + "/messages/" + id);
    }

    private Map<String, Object> messageOf(OpenEdxPublicSignal signal, String keyField) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", signal.eventType());
        message.put("title", signal.constantName().orElse(signal.eventType()));
        message.put("contentType", "application/avro");
        message.put("headers", headers(signal));
        Map<String, Object> schema = avro.schemaMap(signal);
        String badName = badName(schema);
        Map<String, Object> payload = new LinkedHashMap<>();
        if (badName == null) {
            payload.put("schemaFormat", AVRO_FORMAT);
            payload.put("schema", schema);
        } else {
            // Upstream's schema is what goes on the wire, but AsyncAPI checks Avro names as the Avro spec has them.
            payload.put("type", "string");
            payload.put("contentEncoding", "binary");
            payload.put("description", "Schemaless Avro. Upstream's schema names '" + badName + "', which is not an "
                    + "Avro name (letters, digits and _), so it is given as is in x-avro-schema.");
            message.put("x-avro-schema", schema);
        }
        message.put("payload", payload);
        if (keyField != null) {
            message.put("x-event-key-field", keyField);
        }
        return message;
    }

    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** The first name or namespace of a schema that is not an Avro name; null when all are. */
    private static String badName(Object schema) {
        if (schema instanceof Map<?, ?> map) {
            for (String key : List.of("name", "namespace")) {
                if (map.get(key) instanceof String name && !name.isEmpty() && !AVRO_NAME.matcher(name).matches()) {
                    return name;
                }
            }
            for (Object value : map.values()) {
                String bad = badName(value);
                if (bad != null) {
                    return bad;
                }
            }
        } else if (schema instanceof List<?> list) {
            for (Object value : list) {
                String bad = badName(value);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    /** The metadata as the backend carries it: Kafka's {@code ce_*} headers, or the stream fields. */
    private Map<String, Object> headers(OpenEdxPublicSignal signal) {
        Map<String, Object> properties = new LinkedHashMap<>();
        MetadataCodec names = kafka ? MetadataCodec.CLOUD_EVENTS_HEADERS : MetadataCodec.BARE_FIELDS;
        for (String name : names.names()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("type", "string");
            if (name.equals(names.typeField())) {
                field.put("const", signal.eventType());
            }
            properties.put(name, field);
        }
        if (kafka) {
            properties.put("ce_specversion", Map.of("type", "string", "const", "1.0"));
            properties.put("content-type", Map.of("type", "string", "const", "application/avro"));
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("type", "object");
        headers.put("description", kafka ? "Kafka headers (CloudEvents binary mode)"
                : "Stream fields beside event_data (Redis, the embedded bus)");
        headers.put("properties", properties);
        headers.put("required", List.of(names.typeField(), names.idField()));
        return headers;
    }

    private void operation(String action, String channel, List<Object> refs) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("action", action);
        operation.put("channel", Map.of("$ref", "#/channels/" + channel));
        operation.put("messages", refs);
        String id = action + "-" + channel;
        @SuppressWarnings("unchecked")
        Map<String, Object> existing = (Map<String, Object>) operations.get(id);
        if (existing == null) {
            operations.put(id, operation);
        } else {
            @SuppressWarnings("unchecked")
            List<Object> known = new ArrayList<>((List<Object>) existing.get("messages"));
            refs.stream().filter(ref -> !known.contains(ref)).forEach(known::add);
            existing.put("messages", known);
        }
    }

    private Map<String, Object> build() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Open edX event bus");
        info.put("version", EventsLibrary.version());
        info.put("description", "Open edX events (openedx-events " + EventsLibrary.UPSTREAM_VERSION + ") on the "
                + "event bus, from this configuration. Event data is schemaless Avro" + (kafka ? " after the schema "
                + "registry's 5-byte header" : "") + "; each topic's dead letters go to <topic>-dead-letter.");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asyncapi", "3.0.0");
        document.put("info", info);
        document.put("defaultContentType", "application/avro");
        document.put("channels", channels);
        document.put("operations", operations);
        document.put("components", Map.of("messages", messages));
        return document;
    }
}
