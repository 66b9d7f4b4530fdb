package org.openedx.events.settings;

import java.util.List;
import java.util.Optional;

/**
 * The settings core reads, under their upstream names.
 *
 * @param producer       {@code EVENT_BUS_PRODUCER}: the producer backend, if set
 * @param consumer       {@code EVENT_BUS_CONSUMER}: the consumer backend, if set
 * @param producerConfig {@code EVENT_BUS_PRODUCER_CONFIG}, validated
 * @param consumerConfig {@code EVENT_BUS_CONSUMER_CONFIG}, validated
 * @param topicPrefix    {@code EVENT_BUS_TOPIC_PREFIX}, if set and not empty
 * @param serviceName    {@code EVENTS_SERVICE_NAME}, else {@code SERVICE_VARIANT}, if either is set
 * @param debug          {@code DEBUG}: every send is plain, so receiver exceptions propagate
 * @param producerMode   {@code EVENT_BUS_PRODUCER_MODE}: the production mode of topic entries that name none
 */
public record EventBusSettings(Optional<String> producer, Optional<String> consumer, ProducerConfig producerConfig,
                               ConsumerConfig consumerConfig,
                               Optional<String> topicPrefix, Optional<String> serviceName, boolean debug,
                               ProductionMode producerMode) {

    public static final Setting<String> EVENT_BUS_PRODUCER = Setting.string("EVENT_BUS_PRODUCER", null,
            "Producer backend: embedded, redis, kafka, a Java class name or an upstream Python path.");
    public static final Setting<String> EVENT_BUS_CONSUMER = Setting.string("EVENT_BUS_CONSUMER", null,
            "Consumer backend: embedded, redis, kafka, a Java class name or an upstream Python path.");
    public static final Setting<Object> EVENT_BUS_PRODUCER_CONFIG = Setting.structured("EVENT_BUS_PRODUCER_CONFIG",
            java.util.Map.of(), "event type -> topic -> {event_key_field, enabled}: what to publish where.");
    public static final Setting<Object> EVENT_BUS_CONSUMER_CONFIG = Setting.structured("EVENT_BUS_CONSUMER_CONFIG",
            java.util.Map.of(), "topic -> {group_id, enabled, extra}: the consumers one worker runs.");
    public static final Setting<String> EVENT_BUS_TOPIC_PREFIX = Setting.string("EVENT_BUS_TOPIC_PREFIX", null,
            "Environment prefix of every topic: '<prefix>-<topic>'.");
    public static final Setting<String> EVENTS_SERVICE_NAME = Setting.string("EVENTS_SERVICE_NAME", null,
            "Service name in the metadata source 'openedx/<service>/web'.");
    public static final Setting<String> SERVICE_VARIANT = Setting.string("SERVICE_VARIANT", null,
            "Fallback service name when EVENTS_SERVICE_NAME is unset.");
    public static final Setting<Boolean> DEBUG = Setting.bool("DEBUG", false,
            "When true every send is plain: receiver exceptions propagate to the sender.");
    public static final Setting<ProductionMode> EVENT_BUS_PRODUCER_MODE = Setting.of("EVENT_BUS_PRODUCER_MODE",
            SettingType.of("one of " + ProductionMode.choices(), raw -> raw instanceof String text
                    ? ProductionMode.of(text).orElse(null) : null),
            ProductionMode.IMMEDIATE, "When events reach the bus unless a topic entry's 'mode' says otherwise: "
                    + "immediate, on_commit (after the sender's transaction commits), outbox (written to an outbox "
                    + "table in the sender's transaction, published by a relay) or spool (stored in a local file "
                    + "first, durable when sent, then forwarded in order: EVENT_BUS_SPOOL_PATH).");
    public static final Setting<String> EVENT_BUS_SETTINGS_FILE = Setting.string(Settings.SETTINGS_FILE, null,
            "A YAML or JSON file of settings (lowest precedence).");

    /** Every core setting, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_PRODUCER, EVENT_BUS_CONSUMER,
            EVENT_BUS_PRODUCER_CONFIG, EVENT_BUS_CONSUMER_CONFIG, EVENT_BUS_TOPIC_PREFIX, EVENTS_SERVICE_NAME, SERVICE_VARIANT, DEBUG,
            EVENT_BUS_PRODUCER_MODE, EVENT_BUS_SETTINGS_FILE);

    /**
     * Reads and validates the core settings.
     *
     * @throws InvalidSettingException             for a value of the wrong type
     * @throws org.openedx.events.ProducerConfigurationException for an invalid producer config
     */
    public static EventBusSettings from(Settings settings) {
        return new EventBusSettings(
                nonBlank(settings.get(EVENT_BUS_PRODUCER)),
                nonBlank(settings.get(EVENT_BUS_CONSUMER)),
                ProducerConfig.parse(settings.get(EVENT_BUS_PRODUCER_CONFIG)),
                ConsumerConfig.parse(settings.get(EVENT_BUS_CONSUMER_CONFIG)),
                nonBlank(settings.get(EVENT_BUS_TOPIC_PREFIX)),
                serviceName(settings),
                settings.get(DEBUG),
                settings.get(EVENT_BUS_PRODUCER_MODE));
    }

    /** {@code EVENT_BUS_PRODUCER}, when set and not blank. */
    public static Optional<String> producerName(Settings settings) {
        return nonBlank(settings.get(EVENT_BUS_PRODUCER));
    }

    /** {@code EVENT_BUS_CONSUMER}, when set and not blank. */
    public static Optional<String> consumerName(Settings settings) {
        return nonBlank(settings.get(EVENT_BUS_CONSUMER));
    }

    /** {@code EVENT_BUS_TOPIC_PREFIX}, when set and not blank. */
    public static Optional<String> topicPrefix(Settings settings) {
        return nonBlank(settings.get(EVENT_BUS_TOPIC_PREFIX));
    }

    /** {@code EVENTS_SERVICE_NAME}, else {@code SERVICE_VARIANT}, as upstream's {@code get_service_name()}. */
    public static Optional<String> serviceName(Settings settings) {
        return nonBlank(settings.get(EVENTS_SERVICE_NAME)).or(() -> nonBlank(settings.get(SERVICE_VARIANT)));
    }

    /** The full topic name: {@code <prefix>-<topic>} when a prefix is set, else the topic. */
    public String fullTopic(String topic) {
        return org.openedx.events.wire.Topics.fullName(topicPrefix.orElse(null), topic);
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Lists the core settings for tools. */
    public static final class Definitions implements SettingDefinitions {
        @Override
        public String module() {
            return "core";
        }

        @Override
        public List<Setting<?>> settings() {
            List<Setting<?>> all = new java.util.ArrayList<>(ALL);
            all.addAll(DeliverySettings.ALL);
            return all;
        }
    }
}
