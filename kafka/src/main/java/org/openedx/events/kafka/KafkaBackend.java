package org.openedx.events.kafka;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.Locale;
import java.util.Set;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.kafka.internal.ConsumerOptions;
import org.openedx.events.kafka.internal.KafkaAdmin;
import org.openedx.events.kafka.internal.KafkaConsumerTransport;
import org.openedx.events.kafka.internal.KafkaProducerTransport;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingType;
import org.openedx.events.settings.Validator;
import org.openedx.events.wire.IsoDateTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka bus: {@code EVENT_BUS_PRODUCER=kafka} / {@code EVENT_BUS_CONSUMER=kafka}, or
 * upstream's {@code edx_event_bus_kafka.create_producer} /
 * {@code edx_event_bus_kafka.KafkaEventConsumer}. Wire-compatible with edx-event-bus-kafka: the
 * value and the key in the Confluent wire format under upstream's subjects, the CloudEvents
 * headers, and the partition librdkafka would choose.
 *
 * <p>The consumer commits offsets only for messages the pipeline is done with, commits what was
 * handled of partitions a rebalance takes away, and decodes the next batch on a second thread
 * while the pipeline handles the one in hand. A new group starts at the earliest retained
 * message ({@link #AUTO_OFFSET_RESET} {@code latest} gives upstream's start at the end);
 * {@link #OFFSET_TIME} moves the group's offsets to a time as the consumer starts.
 */
public final class KafkaBackend implements EventBusBackend {

    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.kafka.consumer");

    /**
     * Upstream's {@code offset_time}: read as Python's {@code fromisoformat(str(value))}; a time
     * without a UTC offset is read in this host's time zone, as upstream reads it, with a warning.
     */
    private static final SettingType<OffsetDateTime> OFFSET_TIME_TYPE = SettingType.of("an ISO date-time such as "
            + "2024-01-01T00:00:00+00:00 (without a UTC offset: in this host's time zone)", KafkaBackend::offsetTime);

    /**
     * As the consumer starts, the group's offsets move to the first message at or after this
     * time, once per partition, group and time; then consumption goes on.
     */
    public static final Setting<OffsetDateTime> OFFSET_TIME = Setting.of("offset_time", OFFSET_TIME_TYPE, null,
            "As the consumer starts, the group's offsets move to the first message at or after this time (once per "
                    + "partition, group and time), then consumption goes on.");
    /** With {@link #OFFSET_TIME}, upstream's behaviour: move the offsets and consume nothing until stopped. */
    public static final Setting<Boolean> RESET_ONLY = Setting.bool("reset_only", false,
            "With offset_time: only move the offsets, consume nothing (the consumer waits until stopped), as upstream.");
    /** Where a group without committed offsets starts: {@code earliest} (the default) or {@code latest} (upstream's). */
    public static final Setting<String> AUTO_OFFSET_RESET = Setting.of("auto_offset_reset",
            SettingType.of("earliest or latest", raw -> raw instanceof String s ? s.trim().toLowerCase(Locale.ROOT)
                    : null), null, "Where a group without committed offsets starts: earliest (the default) or latest "
                    + "(upstream's).").validatedBy(Validator.oneOf("earliest", "latest"));

    private static final OptionTable OPTIONS = OptionTable.of(OFFSET_TIME, RESET_ONLY, AUTO_OFFSET_RESET);

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Set<String> producerAliases() {
        return Set.of("edx_event_bus_kafka.create_producer");
    }

    @Override
    public Set<String> consumerAliases() {
        return Set.of("edx_event_bus_kafka.KafkaEventConsumer");
    }

    @Override
    public OptionTable consumerOptions() {
        return OPTIONS;
    }

    @Override
    public DeliverySettings.Overrides deliveryOverrides() {
        return KafkaSettings.DELIVERY;
    }

    @Override
    public EventCodec codec() {
        return AvroEventSerializer.defaults();
    }

    /**
     * Checks that the schema registry answers, then creates the client.
     *
     * @throws SchemaRegistryException naming the registry URL when it cannot be reached or refuses the credentials
     */
    @Override
    public ProducerTransport createProducer(BackendContext context) {
        return new KafkaProducerTransport(KafkaSettings.from(context.settings()), AvroEventSerializer.defaults());
    }

    /**
     * Checks the options and that the schema registry answers (unless the consumer only resets
     * offsets); the client is created as the consumer connects.
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming an option or setting that cannot be used
     * @throws SchemaRegistryException naming the registry URL when it cannot be reached or refuses the credentials
     */
    @Override
    public ConsumerTransport createConsumer(ConsumerSpec spec, OptionTable.Options options, BackendContext context) {
        ConsumerOptions consumerOptions = ConsumerOptions.from(options, "the " + name() + " consumer of topic '"
                + spec.topic() + "'");
        return new KafkaConsumerTransport(KafkaSettings.from(context.settings()), spec.groupId(),
                context.fullTopic(spec.topic()), consumerOptions, AvroEventSerializer.defaults());
    }

    @Override
    public BusAdmin createAdmin(BackendContext context) {
        return new KafkaAdmin(KafkaSettings.from(context.settings()));
    }

    private static OffsetDateTime offsetTime(Object raw) {
        if (raw instanceof OffsetDateTime time) {
            return time;
        }
        Temporal parsed;
        try {
            parsed = raw instanceof LocalDateTime local ? local
                    : raw instanceof String text ? IsoDateTimes.parse(text.trim()) : null;
        } catch (DateTimeException e) {
            return null;
        }
        if (parsed instanceof LocalDateTime local) {
            OffsetDateTime time = local.atZone(ZoneId.systemDefault()).toOffsetDateTime();
            LOG.warn("offset_time '{}' has no UTC offset; reading it in this host's time zone as {}", raw,
                    IsoDateTimes.format(time));
            return time;
        }
        return parsed instanceof OffsetDateTime time ? time : null;
    }
}
