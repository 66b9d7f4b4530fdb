package org.openedx.events.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a structured setting given as a YAML map under its Spring property is rebuilt. Spring
 * flattens such maps at every dot, and event types ({@code org.openedx.learning...v1}) and Kafka
 * properties ({@code max.poll.records}) have dots of their own, so each setting's shape says which
 * of the flattened name's elements make one key. An element written in brackets
 * ({@code "[my.topic]"}) keeps its dots.
 */
enum StructuredProperty {

    /** Event type, then topic, then a topic entry's field. */
    PRODUCER_CONFIG {
        @Override
        void put(Map<String, Object> root, List<String> path, Object value) {
            if (path.size() < 3) {
                root.put(String.join(".", path), value);
                return;
            }
            int n = path.size();
            String eventType = String.join(".", path.subList(0, n - 2));
            child(child(root, eventType), path.get(n - 2)).put(path.get(n - 1), booleanOrItself(value));
        }
    },
    /** Topic, then an entry's field, or {@code extra} and a backend option. */
    CONSUMER_CONFIG {
        @Override
        void put(Map<String, Object> root, List<String> path, Object value) {
            int n = path.size();
            if (n >= 3 && path.get(n - 2).equals("extra")) {
                String topic = String.join(".", path.subList(0, n - 2));
                child(child(root, topic), "extra").put(path.get(n - 1), value);
            } else if (n >= 2) {
                child(root, String.join(".", path.subList(0, n - 1))).put(path.get(n - 1), booleanOrItself(value));
            } else {
                root.put(path.get(0), value);
            }
        }
    },
    /** Names with dots of their own mapped to values (Kafka client properties). */
    FLAT {
        @Override
        void put(Map<String, Object> root, List<String> path, Object value) {
            root.put(String.join(".", path), value);
        }
    };

    /** Puts one flattened entry, the elements of its name below the setting's property, into the rebuilt value. */
    abstract void put(Map<String, Object> root, List<String> path, Object value);

    /** The shape of a structured setting, by its upstream name. */
    static StructuredProperty of(String settingName) {
        return switch (settingName) {
            case "EVENT_BUS_PRODUCER_CONFIG" -> PRODUCER_CONFIG;
            case "EVENT_BUS_CONSUMER_CONFIG" -> CONSUMER_CONFIG;
            default -> FLAT;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object existing = parent.get(key);
        if (existing instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }

    /**
     * Upstream wants real booleans for {@code enabled}; a properties file or an environment
     * variable has only text, so {@code true} and {@code false} written as text count as booleans.
     */
    private static Object booleanOrItself(Object value) {
        if (value instanceof String text) {
            String lower = text.trim().toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return Boolean.valueOf(lower);
            }
        }
        return value;
    }
}
