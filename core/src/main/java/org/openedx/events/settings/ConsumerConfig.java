package org.openedx.events.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openedx.events.bus.ConsumerSpec;

/**
 * {@code EVENT_BUS_CONSUMER_CONFIG}, validated: topic (without prefix) to the consumer that
 * reads it, the consuming twin of {@code EVENT_BUS_PRODUCER_CONFIG}. Upstream's how-to names
 * this setting but upstream never implemented it.
 *
 * <pre>
 * EVENT_BUS_CONSUMER_CONFIG:
 *   user-login:
 *     group_id: discovery-user-login
 *     enabled: true
 *     extra: {check_backlog: true}
 * </pre>
 */
public final class ConsumerConfig {

    private static final String SETTING = "EVENT_BUS_CONSUMER_CONFIG";
    private static final ConsumerConfig EMPTY = new ConsumerConfig(Map.of());

    /**
     * One topic's consumer.
     *
     * @param groupId the consumer group
     * @param enabled whether the consumer runs
     * @param extra   backend options, as {@code consume --extra}
     */
    public record Entry(String groupId, boolean enabled, Map<String, Object> extra) {
        public Entry {
            extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        }
    }

    private final Map<String, Entry> byTopic;

    private ConsumerConfig(Map<String, Entry> byTopic) {
        this.byTopic = byTopic;
    }

    public static ConsumerConfig empty() {
        return EMPTY;
    }

    /**
     * Validates a raw config (maps from YAML, JSON or code).
     *
     * @throws InvalidSettingException naming the topic and the key for each error
     */
    public static ConsumerConfig parse(Object raw) {
        if (raw == null) {
            return EMPTY;
        }
        if (!(raw instanceof Map<?, ?> config)) {
            throw new InvalidSettingException(SETTING, "should be a mapping of topic to {group_id, enabled, extra}, "
                    + "found " + SettingParsers.describe(raw));
        }
        Map<String, Entry> byTopic = new LinkedHashMap<>();
        for (Map.Entry<?, ?> topicEntry : config.entrySet()) {
            String topic = String.valueOf(topicEntry.getKey());
            if (!(topicEntry.getValue() instanceof Map<?, ?> values)) {
                throw invalid(topic, null, "should be a mapping with group_id, enabled and extra, found "
                        + SettingParsers.describe(topicEntry.getValue()));
            }
            for (Object key : values.keySet()) {
                if (!java.util.List.of("group_id", "enabled", "extra").contains(String.valueOf(key))) {
                    throw invalid(topic, String.valueOf(key), "is not a known key (group_id, enabled, extra)");
                }
            }
            Object groupId = values.get("group_id");
            if (!(groupId instanceof String group) || group.isBlank()) {
                throw invalid(topic, "group_id", groupId == null ? "is missing" : "should be a non-empty string, found "
                        + SettingParsers.describe(groupId));
            }
            Object enabled = values.get("enabled");
            if (!(enabled instanceof Boolean on)) {
                throw invalid(topic, "enabled", enabled == null ? "is missing" : "should be true or false, found "
                        + SettingParsers.describe(enabled));
            }
            Object extra = values.containsKey("extra") ? values.get("extra") : Map.of();
            if (!(extra instanceof Map<?, ?> options)) {
                throw invalid(topic, "extra", "should be a mapping of backend options, found "
                        + SettingParsers.describe(extra));
            }
            Map<String, Object> extraOptions = new LinkedHashMap<>();
            options.forEach((k, v) -> extraOptions.put(String.valueOf(k), v));
            byTopic.put(topic, new Entry(group, on, extraOptions));
        }
        return new ConsumerConfig(Collections.unmodifiableMap(byTopic));
    }

    private static InvalidSettingException invalid(String topic, String key, String problem) {
        return new InvalidSettingException(SETTING, "topic '" + topic + "'" + (key == null ? "" : " key '" + key + "'")
                + " " + problem);
    }

    /** Every configured topic, in order. */
    public Map<String, Entry> asMap() {
        return byTopic;
    }

    /** The consumers to run: the enabled entries, in order. */
    public java.util.List<ConsumerSpec> enabledSpecs() {
        return byTopic.entrySet().stream().filter(e -> e.getValue().enabled())
                .map(e -> new ConsumerSpec(e.getKey(), e.getValue().groupId(), e.getValue().extra())).toList();
    }

    public boolean isEmpty() {
        return byTopic.isEmpty();
    }
}
