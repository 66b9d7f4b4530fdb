package org.openedx.events.redis;

import java.util.Set;
import java.util.regex.Pattern;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.redis.internal.RedisAdmin;
import org.openedx.events.redis.internal.RedisConsumerTransport;
import org.openedx.events.redis.internal.RedisProducerTransport;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingType;
import org.openedx.events.settings.Validator;

/**
 * The Redis Streams bus: {@code EVENT_BUS_PRODUCER=redis} / {@code EVENT_BUS_CONSUMER=redis},
 * or upstream's {@code edx_event_bus_redis.create_producer} /
 * {@code edx_event_bus_redis.RedisEventConsumer}. Entries are upstream's byte for byte
 * ({@code XADD <stream> MAXLEN ~ N * type … sourcelib … event_data …}); consumers read with
 * consumer groups. The options below are the consumer's {@code --extra} options, upstream's
 * constructor keywords.
 */
public final class RedisBackend implements EventBusBackend {

    /**
     * The consumer's name in its group; by default {@code <pid>@<host>}. Give a stable name so
     * that a restarted consumer finds the entries it had read and not acknowledged.
     */
    public static final Setting<String> CONSUMER_NAME = Setting.string("consumer_name", null,
            "The consumer's name in its group; by default <pid>@<host>. A stable name lets a restarted consumer "
                    + "handle the entries it had read and not acknowledged.").validatedBy(Validator.notBlank());
    /** As the consumer starts, its group is moved to read the entries after this id ({@code XGROUP SETID}). */
    public static final Setting<String> LAST_READ_MSG_ID = Setting.string("last_read_msg_id", null,
            "As the consumer starts, its group moves to read the entries after this id (XGROUP SETID).")
            .validatedBy(Validator.matches(Pattern.compile("\\d+(-\\d+)?|\\$"),
                    "a stream entry id such as 1679676448892-0, or $"));
    /**
     * {@code false}: as the consumer starts, its group moves to the stream's end, skipping what
     * arrived while no consumer ran (upstream's default); unset or {@code true}: the group goes
     * on from where it stopped.
     */
    public static final Setting<Boolean> CHECK_BACKLOG = Setting.bool("check_backlog", null,
            "false: as the consumer starts, its group moves to the end of the stream, skipping what is in it; "
                    + "unset or true: the group goes on from where it stopped.");
    /**
     * The consumer takes over the entries any consumer of its group read and has not acknowledged
     * for at least this many milliseconds ({@code XAUTOCLAIM}), as it starts and then periodically;
     * by default {@code EVENT_BUS_REDIS_CONSUMER_CLAIM_AFTER}.
     */
    public static final Setting<Long> CLAIM_MSGS_OLDER_THAN = Setting.of("claim_msgs_older_than", SettingType.LONG,
            null, "Milliseconds: entries any consumer of the group read and left unacknowledged at least this long are "
                    + "taken over, as the consumer starts and then periodically (XAUTOCLAIM); default: "
                    + "EVENT_BUS_REDIS_CONSUMER_CLAIM_AFTER.").validatedBy(Validator.atLeast(0));

    private static final OptionTable OPTIONS = OptionTable.of(CONSUMER_NAME, LAST_READ_MSG_ID, CHECK_BACKLOG,
            CLAIM_MSGS_OLDER_THAN);

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> producerAliases() {
        return Set.of("edx_event_bus_redis.create_producer");
    }

    @Override
    public Set<String> consumerAliases() {
        return Set.of("edx_event_bus_redis.RedisEventConsumer");
    }

    @Override
    public OptionTable consumerOptions() {
        return OPTIONS;
    }

    @Override
    public DeliverySettings.Overrides deliveryOverrides() {
        return RedisSettings.DELIVERY;
    }

    @Override
    public EventCodec codec() {
        return AvroEventSerializer.defaults();
    }

    /** A producer that connects in the background: a Redis that is down delays events, it does not fail the start. */
    @Override
    public ProducerTransport createProducer(BackendContext context) {
        return new RedisProducerTransport(RedisSettings.from(context.settings()));
    }

    @Override
    public ConsumerTransport createConsumer(ConsumerSpec spec, OptionTable.Options options, BackendContext context) {
        return new RedisConsumerTransport(RedisSettings.from(context.settings()), context.fullTopic(spec.topic()),
                spec.groupId(), options, codec());
    }

    @Override
    public BusAdmin createAdmin(BackendContext context) {
        return new RedisAdmin(RedisSettings.from(context.settings()), codec());
    }
}
