package org.openedx.events.embedded;

import java.time.OffsetDateTime;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.embedded.internal.EmbeddedAdmin;
import org.openedx.events.embedded.internal.EmbeddedConsumerTransport;
import org.openedx.events.embedded.internal.EmbeddedProducerTransport;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingType;
import org.openedx.events.settings.Validator;

/** The embedded bus: {@code EVENT_BUS_PRODUCER=embedded} / {@code EVENT_BUS_CONSUMER=embedded}. */
public final class EmbeddedBackend implements EventBusBackend {

    /** The consumer's name in its group; by default {@code <pid>@<host>}. */
    public static final Setting<String> CONSUMER_NAME = Setting.string("consumer_name", null,
            "The consumer's name in its group; by default <pid>@<host>.").validatedBy(Validator.notBlank());
    /** {@code false}: the group moves to the topic's end as the consumer starts, skipping what is stored. */
    public static final Setting<Boolean> CHECK_BACKLOG = Setting.bool("check_backlog", null,
            "false: as the consumer starts, its group moves to the end of the topic, skipping what is stored.");
    /** The group moves to just after this position as the consumer starts. */
    public static final Setting<Long> LAST_READ_MSG_ID = Setting.of("last_read_msg_id", SettingType.LONG, null,
            "As the consumer starts, its group moves to just after this position.").validatedBy(Validator.atLeast(0));
    /** The group moves to the first message stored at or after this time as the consumer starts. */
    public static final Setting<OffsetDateTime> REPLAY_FROM_TIME = Setting.of("replay_from_time",
            SettingType.DATE_TIME, null, "As the consumer starts, its group moves to the first message stored at or "
                    + "after this time.");

    private static final OptionTable OPTIONS = OptionTable.of(CONSUMER_NAME, CHECK_BACKLOG, LAST_READ_MSG_ID,
            REPLAY_FROM_TIME);

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public OptionTable consumerOptions() {
        return OPTIONS;
    }

    @Override
    public DeliverySettings.Overrides deliveryOverrides() {
        return EmbeddedSettings.DELIVERY;
    }

    @Override
    public EventCodec codec() {
        return AvroEventSerializer.defaults();
    }

    @Override
    public ProducerTransport createProducer(BackendContext context) {
        return new EmbeddedProducerTransport(EmbeddedSettings.from(context.settings()), context.clock());
    }

    @Override
    public BusAdmin createAdmin(BackendContext context) {
        return new EmbeddedAdmin(EmbeddedSettings.from(context.settings()), codec(), context.clock());
    }

    @Override
    public ConsumerTransport createConsumer(ConsumerSpec spec, OptionTable.Options options, BackendContext context) {
        return new EmbeddedConsumerTransport(EmbeddedSettings.from(context.settings()), spec.groupId(),
                context.fullTopic(spec.topic()), options, codec(), context.clock());
    }
}
