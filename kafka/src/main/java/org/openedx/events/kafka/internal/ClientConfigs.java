package org.openedx.events.kafka.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openedx.events.kafka.ConsistentRandomPartitioner;
import org.openedx.events.kafka.KafkaSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Setting;

/**
 * The kafka-clients configurations of the bus's producers and consumers: upstream's
 * (bootstrap servers, SASL_SSL with PLAIN when an API key and secret are set, the service
 * name as {@code client.id}), this port's defaults, then the pass-through properties, then
 * what the bus needs to work (serializers, manual commits).
 */
public final class ClientConfigs {

    private ClientConfigs() {
    }

    /** A producer: idempotent, {@code acks=all}, the librdkafka-compatible partitioner. */
    public static Map<String, Object> producer(KafkaSettings settings) {
        Map<String, Object> config = common(settings);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, ConsistentRandomPartitioner.class.getName());
        // When every broker is down, "rebootstrap" (the 4.x default) forgets the topics' metadata, and each
        // send then blocks for max.block.ms and fails; kept, sends queue until the brokers are back, as
        // librdkafka's do.
        config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        config.putAll(settings.clientProperties());
        config.putAll(settings.producerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * A consumer of a group that commits by itself.
     *
     * @param autoOffsetReset where a new group starts, or null for the pass-through value or else {@code earliest}
     */
    public static Map<String, Object> consumer(KafkaSettings settings, String groupId, String autoOffsetReset) {
        Map<String, Object> config = common(settings);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(settings.clientProperties());
        config.putAll(settings.consumerProperties());
        if (autoOffsetReset != null) {
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        }
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /** An admin client, with the properties every client shares. */
    public static Map<String, Object> admin(KafkaSettings settings) {
        Map<String, Object> config = common(settings);
        config.putAll(settings.clientProperties());
        return config;
    }

    private static Map<String, Object> common(KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", settings.bootstrapServers());
        if (settings.sasl()) {
            config.put("security.protocol", "SASL_SSL");
            config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"" + jaasQuote(settings.apiKey()) + "\" password=\""
                    + jaasQuote(settings.apiSecret()) + "\";");
        }
        if (settings.serviceName() != null) {
            config.put("client.id", settings.serviceName());
        }
        return config;
    }

    /**
     * A client-creation failure as an error naming the setting really at fault: the property map
     * that set a property Kafka names; for a failure of the security set-up (JAAS, SASL, SSL),
     * the map that set that part of it, else {@code EVENT_BUS_KAFKA_API_KEY} or
     * {@code EVENT_BUS_KAFKA_API_SECRET} (which turn SASL_SSL on); else the bootstrap servers.
     * Kafka's messages are kept, down to the root cause, unless they are about a property that
     * may hold a secret, since they can quote the value; quoted parts of the JAAS configuration
     * (which holds the API key and secret) are masked.
     *
     * @param what     what was being created, e.g. {@code producer}
     * @param producer whether it is a producer (else a consumer)
     */
    public static InvalidSettingException invalid(String what, KafkaSettings settings, boolean producer,
                                                  RuntimeException e) {
        String detail = messages(e);
        Map<String, String> specific = producer ? settings.producerProperties() : settings.consumerProperties();
        Setting<?> specificSetting = producer ? KafkaSettings.EVENT_BUS_KAFKA_PRODUCER_PROPERTIES
                : KafkaSettings.EVENT_BUS_KAFKA_CONSUMER_PROPERTIES;
        String setting = null;
        for (String property : settings.clientProperties().keySet()) {
            if (detail.contains(property)) {
                setting = KafkaSettings.EVENT_BUS_KAFKA_CLIENT_PROPERTIES.name();
            }
        }
        for (String property : specific.keySet()) {
            if (detail.contains(property)) {
                setting = specificSetting.name();
            }
        }
        boolean jaas = detail.contains("JAAS");
        if (setting == null && (jaas || detail.contains("SASL") || detail.toLowerCase(Locale.ROOT).contains("ssl")
                || detail.contains("keystore") || detail.contains("truststore"))) {
            setting = securitySetting(settings, specific, specificSetting, jaas);
        }
        if (jaas) {
            detail = detail.contains("in JAAS config") ? JAAS_QUOTED.matcher(detail).replaceAll("'" + Secrets.MASK + "'")
                    : detail;
            if ((KafkaSettings.EVENT_BUS_KAFKA_API_KEY.name().equals(setting) && lineBreak(settings.apiKey()))
                    || (KafkaSettings.EVENT_BUS_KAFKA_API_SECRET.name().equals(setting)
                    && lineBreak(settings.apiSecret()))) {
                detail += " (the value has a line break, which the SASL PLAIN login cannot hold)";
            }
        }
        if (sensitiveMention(detail)) {
            detail = "a security property has an invalid value (" + e.getClass().getSimpleName() + ")";
        }
        return new InvalidSettingException(setting == null ? KafkaSettings.EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS.name()
                : setting, "cannot create the Kafka " + what + ": " + detail);
    }

    private static final Pattern JAAS_QUOTED = Pattern.compile("'[^']*'");

    /**
     * The setting behind a failure of the security set-up: the map that set the family of
     * properties at fault (the client-specific map applies last), the API key or secret, or the
     * map that set {@code security.protocol}; null when none of them set anything.
     */
    private static String securitySetting(KafkaSettings settings, Map<String, String> specific,
                                          Setting<?> specificSetting, boolean jaas) {
        List<String> families = jaas ? List.of("sasl.jaas.config", "sasl.") : List.of("ssl.", "sasl.");
        for (String family : families) {
            if (sets(specific, family)) {
                return specificSetting.name();
            }
            if (sets(settings.clientProperties(), family)) {
                return KafkaSettings.EVENT_BUS_KAFKA_CLIENT_PROPERTIES.name();
            }
        }
        if (settings.sasl()) {
            return lineBreak(settings.apiSecret()) && !lineBreak(settings.apiKey())
                    ? KafkaSettings.EVENT_BUS_KAFKA_API_SECRET.name() : KafkaSettings.EVENT_BUS_KAFKA_API_KEY.name();
        }
        if (sets(specific, "security.protocol")) {
            return specificSetting.name();
        }
        if (sets(settings.clientProperties(), "security.protocol")) {
            return KafkaSettings.EVENT_BUS_KAFKA_CLIENT_PROPERTIES.name();
        }
        return null;
    }

    private static boolean sets(Map<String, String> properties, String prefix) {
        return properties.keySet().stream().anyMatch(name -> name.startsWith(prefix));
    }

    private static boolean lineBreak(String value) {
        return value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0);
    }

    /**
     * The messages of a failure and its causes, each once: Kafka wraps the cause of a failure to
     * build a client twice ("Failed to construct kafka producer: Failed to create new
     * NetworkClient") before the one that says what is wrong.
     */
    static String messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null && messages.size() < 8; t = t.getCause()) {
            String message = t.getMessage();
            Throwable cause = t.getCause();
            if (message == null || message.isBlank()
                    || (cause != null && cause.getMessage() != null && message.endsWith(cause.getMessage()))) {
                continue;
            }
            if (!messages.contains(message)) {
                messages.add(message);
            }
        }
        return messages.isEmpty() ? e.toString() : String.join(": ", messages);
    }

    /** Property names whose values may be secrets, shown masked. */
    public static boolean sensitive(String property) {
        String name = property.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("secret") || name.contains("jaas")
                || name.endsWith(".key") || name.contains("credentials") || name.contains("token");
    }

    private static boolean sensitiveMention(String text) {
        for (String word : text.split("[^A-Za-z0-9._-]+")) {
            if (word.contains(".") && sensitive(word)) {
                return true;
            }
        }
        return false;
    }

    private static String jaasQuote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
