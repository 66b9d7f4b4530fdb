package org.openedx.events.kafka;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openedx.events.kafka.internal.ClientConfigs;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.settings.Validator;

/**
 * The settings of the Kafka bus: upstream's (edx-event-bus-kafka) under their names and
 * defaults, and three maps of kafka-clients properties passed through as they are. How events
 * are delivered (kill switch, retries, pauses, the consecutive-errors limit, the audit log) is
 * read by core as {@link DeliverySettings}, under upstream's Kafka names ({@link #DELIVERY}).
 * {@link #toString()} masks the secrets.
 *
 * @param bootstrapServers        {@code EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS}
 * @param apiKey                  {@code EVENT_BUS_KAFKA_API_KEY}: the SASL user, or null
 * @param apiSecret               {@code EVENT_BUS_KAFKA_API_SECRET}: the SASL password, or null
 * @param serviceName             {@code EVENTS_SERVICE_NAME} or {@code SERVICE_VARIANT}: the
 *                                clients' {@code client.id}, or null
 * @param schemaRegistryUrl       {@code EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL}
 * @param schemaRegistryApiKey    the registry's basic-auth user, or null
 * @param schemaRegistryApiSecret the registry's basic-auth password, or null
 * @param pollTimeout             how long one poll waits for records
 * @param clientProperties        kafka-clients properties for producers and consumers
 * @param producerProperties      kafka-clients properties for producers only
 * @param consumerProperties      kafka-clients properties for consumers only
 */
public record KafkaSettings(String bootstrapServers, String apiKey, String apiSecret, String serviceName,
                            String schemaRegistryUrl, String schemaRegistryApiKey, String schemaRegistryApiSecret,
                            Duration pollTimeout, Map<String, String> clientProperties,
                            Map<String, String> producerProperties, Map<String, String> consumerProperties) {

    public static final Setting<String> EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS = Setting.string(
            "EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", null, "Kafka brokers, comma-separated host:port (bootstrap.servers).");
    public static final Setting<String> EVENT_BUS_KAFKA_API_KEY = Setting.string("EVENT_BUS_KAFKA_API_KEY", null,
            "SASL user; with EVENT_BUS_KAFKA_API_SECRET the clients use SASL_SSL with the PLAIN mechanism.");
    public static final Setting<String> EVENT_BUS_KAFKA_API_SECRET = Setting.secret("EVENT_BUS_KAFKA_API_SECRET",
            "SASL password (see EVENT_BUS_KAFKA_API_KEY).");
    public static final Setting<String> EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL = Setting.string(
            "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", null,
            "Base URL of a registry with the Confluent Schema Registry API (Confluent, Karapace, Apicurio's ccompat API).");
    public static final Setting<String> EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY = Setting.string(
            "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY", "", "Schema registry basic-auth user.");
    public static final Setting<String> EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET = Setting.secret(
            "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET", "Schema registry basic-auth password.");
    public static final Setting<Duration> EVENT_BUS_KAFKA_POLL_INTERVAL_SEC = Setting.seconds(
            "EVENT_BUS_KAFKA_POLL_INTERVAL_SEC", 1.0, "Accepted for compatibility; no effect: the Java client reports "
                    + "deliveries from its own I/O thread, so no polling thread is needed.");
    public static final Setting<Duration> EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT = Setting.seconds(
            "EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", 1.0, "Seconds one poll waits for records.")
            .validatedBy(Validator.atLeast(Duration.ofMillis(1)));
    public static final Setting<Object> EVENT_BUS_KAFKA_CLIENT_PROPERTIES = properties(
            "EVENT_BUS_KAFKA_CLIENT_PROPERTIES", "kafka-clients properties for every producer and consumer, "
                    + "e.g. {ssl.truststore.location: /etc/kafka/truststore.jks}.");
    public static final Setting<Object> EVENT_BUS_KAFKA_PRODUCER_PROPERTIES = properties(
            "EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", "kafka-clients properties for producers, e.g. {linger.ms: 20}.");
    public static final Setting<Object> EVENT_BUS_KAFKA_CONSUMER_PROPERTIES = properties(
            "EVENT_BUS_KAFKA_CONSUMER_PROPERTIES", "kafka-clients properties for consumers, e.g. {max.poll.records: 100}.");

    /** The Kafka bus's own settings, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS, EVENT_BUS_KAFKA_API_KEY,
            EVENT_BUS_KAFKA_API_SECRET, EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL, EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY,
            EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET, EVENT_BUS_KAFKA_POLL_INTERVAL_SEC,
            EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT, EVENT_BUS_KAFKA_CLIENT_PROPERTIES,
            EVENT_BUS_KAFKA_PRODUCER_PROPERTIES, EVENT_BUS_KAFKA_CONSUMER_PROPERTIES);

    /**
     * Upstream's Kafka names of the delivery settings ({@code EVENT_BUS_KAFKA_CONSUMERS_ENABLED},
     * {@code EVENT_BUS_KAFKA_CONSUMER_MAX_RETRIES}, {@code EVENT_BUS_KAFKA_CONSUMER_RETRY_DELAY},
     * {@code EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP},
     * {@code EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT},
     * {@code EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED}): each, when set, overrides the general one.
     */
    public static final DeliverySettings.Overrides DELIVERY = DeliverySettings.Overrides.named("KAFKA");

    /** Properties this bus sets itself: a pass-through map may not change them. */
    private static final Set<String> RESERVED_PRODUCER = Set.of("key.serializer", "value.serializer",
            "transactional.id");
    private static final Set<String> RESERVED_CONSUMER = Set.of("key.deserializer", "value.deserializer", "group.id",
            "enable.auto.commit");

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
        producerProperties = Map.copyOf(producerProperties);
        consumerProperties = Map.copyOf(consumerProperties);
    }

    /**
     * Reads and checks the settings. Unlike upstream, which logs a warning and drops every
     * event, missing brokers or registry fail here.
     *
     * @throws InvalidSettingException naming a setting that is missing or has a value that cannot be used
     */
    public static KafkaSettings from(Settings settings) {
        String bootstrap = required(settings, EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS);
        String registry = required(settings, EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL);
        checkUrl(registry);
        String apiKey = blankToNull(settings.get(EVENT_BUS_KAFKA_API_KEY));
        String apiSecret = blankToNull(settings.get(EVENT_BUS_KAFKA_API_SECRET));
        if ((apiKey == null) != (apiSecret == null)) {
            throw new InvalidSettingException(apiKey == null ? EVENT_BUS_KAFKA_API_KEY.name()
                    : EVENT_BUS_KAFKA_API_SECRET.name(), "must be set together with "
                    + (apiKey == null ? EVENT_BUS_KAFKA_API_SECRET.name() : EVENT_BUS_KAFKA_API_KEY.name())
                    + " (both for SASL_SSL, neither for a plaintext connection)");
        }
        // Read only to be checked: a value that does not parse is still a mistake worth naming.
        settings.get(EVENT_BUS_KAFKA_POLL_INTERVAL_SEC);
        return new KafkaSettings(bootstrap, apiKey, apiSecret, EventBusSettings.serviceName(settings).orElse(null),
                registry, blankToNull(settings.get(EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY)),
                blankToNull(settings.get(EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET)),
                settings.get(EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT),
                propertyMap(settings, EVENT_BUS_KAFKA_CLIENT_PROPERTIES, union(RESERVED_PRODUCER, RESERVED_CONSUMER)),
                propertyMap(settings, EVENT_BUS_KAFKA_PRODUCER_PROPERTIES, RESERVED_PRODUCER),
                propertyMap(settings, EVENT_BUS_KAFKA_CONSUMER_PROPERTIES, RESERVED_CONSUMER));
    }

    /** Whether the clients authenticate with SASL (both API key and secret are set). */
    public boolean sasl() {
        return apiKey != null && apiSecret != null;
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", apiKey=" + apiKey
                + ", apiSecret=" + (apiSecret == null ? null : Secrets.MASK) + ", serviceName=" + serviceName
                + ", schemaRegistryUrl=" + Secrets.maskUrlPasswords(schemaRegistryUrl)
                + ", schemaRegistryApiKey=" + schemaRegistryApiKey
                + ", schemaRegistryApiSecret=" + (schemaRegistryApiSecret == null ? null : Secrets.MASK)
                + ", pollTimeout=" + pollTimeout
                + ", clientProperties=" + masked(clientProperties) + ", producerProperties=" + masked(producerProperties)
                + ", consumerProperties=" + masked(consumerProperties) + "]";
    }

    private static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> shown = new LinkedHashMap<>();
        properties.forEach((k, v) -> shown.put(k, ClientConfigs.sensitive(k) ? Secrets.MASK : v));
        return shown;
    }

    /** Secret, so that a listing never shows a password given among the properties. */
    private static Setting<Object> properties(String name, String doc) {
        return Setting.structured(name, Map.of(), doc).asSecret();
    }

    private static Map<String, String> propertyMap(Settings settings, Setting<Object> setting, Set<String> reserved) {
        Object raw = settings.get(setting);
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw new InvalidSettingException(setting.name(), "must map kafka-clients property names to values");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String property = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            if (reserved.contains(property)) {
                throw new InvalidSettingException(setting.name(), "property '" + property
                        + "' is set by the Kafka event bus itself and cannot be changed");
            }
            if (value instanceof Map || value instanceof Iterable) {
                throw new InvalidSettingException(setting.name(), "property '" + property
                        + "' must have a text, number or boolean value");
            }
            if (value == null) {
                throw new InvalidSettingException(setting.name(), "property '" + property + "' has no value");
            }
            properties.put(property, String.valueOf(value));
        }
        return Collections.unmodifiableMap(properties);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String required(Settings settings, Setting<String> setting) {
        String value = blankToNull(settings.get(setting));
        if (value == null) {
            throw new InvalidSettingException(setting.name(), "is required by the Kafka event bus "
                    + "(upstream: Cannot configure event-bus-kafka: Missing setting " + setting.name() + ")");
        }
        return value.trim();
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http or https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL.name(), "'"
                    + Secrets.maskUrlPasswords(url) + "' is not an http(s) URL with a host");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Lists the Kafka bus's settings for tools: its own, then its names of the delivery settings. */
    public static final class Definitions implements SettingDefinitions {
        @Override
        public String module() {
            return "kafka";
        }

        @Override
        public List<Setting<?>> settings() {
            List<Setting<?>> all = new ArrayList<>(ALL);
            all.addAll(DELIVERY.settings());
            return all;
        }
    }
}
