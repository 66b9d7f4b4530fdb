package org.openedx.events.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openedx.events.ProducerConfigurationException;
import org.openedx.events.SignalRegistry;

/**
 * {@code EVENT_BUS_PRODUCER_CONFIG}, validated: event type to topic (without prefix) to
 * {@link TopicConfig}, in the order given. One event type may go to several topics and one
 * topic may carry several event types.
 */
public final class ProducerConfig {

    private static final ProducerConfig EMPTY = new ProducerConfig(Map.of());

    private final Map<String, Map<String, TopicConfig>> byEventType;

    private ProducerConfig(Map<String, Map<String, TopicConfig>> byEventType) {
        this.byEventType = byEventType;
    }

    public static ProducerConfig empty() {
        return EMPTY;
    }

    /**
     * Validates a raw config (maps as read from YAML, JSON or code) as upstream does at start-up.
     *
     * @throws ProducerConfigurationException with upstream's message for each error case
     */
    public static ProducerConfig parse(Object raw) {
        if (raw == null) {
            return EMPTY;
        }
        if (!(raw instanceof Map<?, ?> config)) {
            throw new ProducerConfigurationException("", "Setting 'EVENT_BUS_PRODUCER_CONFIG' should be a dictionary "
                    + "with event_type as key and list or tuple of config dictionaries as values");
        }
        Map<String, Map<String, TopicConfig>> byEventType = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : config.entrySet()) {
            String eventType = String.valueOf(entry.getKey());
            if (!(entry.getValue() instanceof Map<?, ?> perType)) {
                throw new ProducerConfigurationException(eventType, "Configuration for event_types should be a dict");
            }
            if (SignalRegistry.find(eventType).isEmpty()) {
                throw new ProducerConfigurationException("", "No OpenEdxPublicSignal of type: '" + eventType + "'.");
            }
            Map<String, TopicConfig> topics = new LinkedHashMap<>();
            for (Map.Entry<?, ?> topicEntry : perType.entrySet()) {
                String topic = String.valueOf(topicEntry.getKey());
                topics.put(topic, topicConfig(eventType, topic, topicEntry.getValue()));
            }
            byEventType.put(eventType, Collections.unmodifiableMap(topics));
        }
        return new ProducerConfig(Collections.unmodifiableMap(byEventType));
    }

    private static TopicConfig topicConfig(String eventType, String topic, Object raw) {
        String where = " [topic '" + topic + "']";
        if (!(raw instanceof Map<?, ?> values)) {
            throw new ProducerConfigurationException(eventType,
                    "One of the configuration objects is not a dictionary" + where);
        }
        Object keyField = required(eventType, values, "event_key_field", where);
        if (!(keyField instanceof String key)) {
            throw new ProducerConfigurationException(eventType, "Expected type: <class 'str'> for 'event_key_field', "
                    + "found: <class '" + pythonTypeName(keyField) + "'>" + where);
        }
        Object enabled = required(eventType, values, "enabled", where);
        if (!(enabled instanceof Boolean on)) {
            throw new ProducerConfigurationException(eventType, "Expected type: <class 'bool'> for 'enabled', "
                    + "found: <class '" + pythonTypeName(enabled) + "'>" + where);
        }
        return new TopicConfig(key, on, mode(eventType, values.get("mode"), where));
    }

    private static Optional<ProductionMode> mode(String eventType, Object raw, String where) {
        if (raw == null) {
            return Optional.empty();
        }
        Optional<ProductionMode> mode = raw instanceof String text ? ProductionMode.of(text) : Optional.empty();
        if (mode.isEmpty()) {
            throw new ProducerConfigurationException(eventType, "'mode' should be one of " + ProductionMode.choices()
                    + ", found: " + (raw instanceof String ? "'" + raw + "'" : "<class '" + pythonTypeName(raw) + "'>")
                    + where);
        }
        return mode;
    }

    private static Object required(String eventType, Map<?, ?> values, String key, String where) {
        if (!values.containsKey(key)) {
            throw new ProducerConfigurationException(eventType,
                    "One of the configuration object is missing '" + key + "' key." + where);
        }
        return values.get(key);
    }

    private static String pythonTypeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            return "int";
        }
        if (value instanceof Number) {
            return "float";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof List) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * Upstream {@code merge_producer_configs}: a new raw config with the overrides applied. For
     * each topic only a non-null {@code enabled}, {@code event_key_field} and {@code mode} (ours;
     * upstream has no modes) are taken; other keys are dropped. Nothing is validated and neither input is changed.
     */
    public static Map<String, Map<String, Map<String, Object>>> merge(Map<String, ?> original,
                                                                      Map<String, ?> overrides) {
        Map<String, Map<String, Map<String, Object>>> merged = deepCopy(original);
        overrides.forEach((eventType, topicsRaw) -> {
            Map<String, Map<String, Object>> topics = merged.computeIfAbsent(eventType, t -> new LinkedHashMap<>());
            asMap(topicsRaw).forEach((topic, overrideRaw) -> {
                Map<String, Object> existing = topics.getOrDefault(String.valueOf(topic), new LinkedHashMap<>());
                Map<?, ?> override = asMap(overrideRaw);
                for (String key : List.of("enabled", "event_key_field", "mode")) {
                    if (override.get(key) != null) {
                        existing.put(key, override.get(key));
                    }
                }
                topics.put(String.valueOf(topic), existing);
            });
        });
        return merged;
    }

    private static Map<String, Map<String, Map<String, Object>>> deepCopy(Map<String, ?> original) {
        Map<String, Map<String, Map<String, Object>>> copy = new LinkedHashMap<>();
        original.forEach((eventType, topics) -> {
            Map<String, Map<String, Object>> topicsCopy = new LinkedHashMap<>();
            asMap(topics).forEach((topic, values) -> {
                Map<String, Object> valuesCopy = new LinkedHashMap<>();
                asMap(values).forEach((k, v) -> valuesCopy.put(String.valueOf(k), v));
                topicsCopy.put(String.valueOf(topic), valuesCopy);
            });
            copy.put(eventType, topicsCopy);
        });
        return copy;
    }

    private static Map<?, ?> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException("Expected a mapping in the producer config, found: " + value);
    }

    /** The configured event types, in order. */
    public Set<String> eventTypes() {
        return byEventType.keySet();
    }

    /** The topics of an event type (empty when it is not configured), in order. */
    public Map<String, TopicConfig> topics(String eventType) {
        return byEventType.getOrDefault(eventType, Map.of());
    }

    public boolean isEmpty() {
        return byEventType.isEmpty();
    }

    public Map<String, Map<String, TopicConfig>> asMap() {
        return byEventType;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProducerConfig that && byEventType.equals(that.byEventType);
    }

    @Override
    public int hashCode() {
        return byEventType.hashCode();
    }

    @Override
    public String toString() {
        return "ProducerConfig" + byEventType;
    }
}
