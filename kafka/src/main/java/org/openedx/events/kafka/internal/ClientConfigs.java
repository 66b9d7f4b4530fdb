package org.openedx.events.kafka.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openedx.events.kafka.ConsistentRandomPartitioner;
import org.openedx.events.kafka.KafkaSettings;
import org.openedx.events.settings.InvalidSettingException;
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
     * A client-creation failure as an error naming the setting that holds the property Kafka
     * refused. Kafka's message is kept unless it is about a property that may hold a secret,
     * since the message can quote the value.
     *
     * @param what     what was being created, e.g. {@code producer}
     * @param producer whether it is a producer (else a consumer)
     */
    public static InvalidSettingException invalid(String what, KafkaSettings settings, boolean producer,
                                                  RuntimeException e) {
        String detail = e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            detail += ": " + cause.getMessage();
        }
        Setting<?> setting = KafkaSettings.EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS;
        Map<String, String> specific = producer ? settings.producerProperties() : settings.consumerProperties();
        for (String property : settings.clientProperties().keySet()) {
            if (detail.contains(property)) {
                setting = KafkaSettings.EVENT_BUS_KAFKA_CLIENT_PROPERTIES;
            }
        }
        for (String property : specific.keySet()) {
            if (detail.contains(property)) {
                setting = producer ? KafkaSettings.EVENT_BUS_KAFKA_PRODUCER_PROPERTIES
                        : KafkaSettings.EVENT_BUS_KAFKA_CONSUMER_PROPERTIES;
            }
        }
        if (sensitiveMention(detail)) {
            detail = "a security property has an invalid value (" + e.getClass().getSimpleName() + ")";
        }
        return new InvalidSettingException(setting.name(), "cannot create the Kafka " + what + ": " + detail);
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
