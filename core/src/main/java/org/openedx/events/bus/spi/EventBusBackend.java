package org.openedx.events.bus.spi;

import java.util.Set;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.OptionTable;

/**
 * A bus implementation, found with {@link java.util.ServiceLoader} and chosen by the value of
 * {@code EVENT_BUS_PRODUCER} / {@code EVENT_BUS_CONSUMER}: its short {@link #name()} or one of
 * its aliases (the upstream Python paths), in any case. A backend only moves bytes: core wraps
 * its transports in the delivery pipeline every backend shares (key extraction, encoding,
 * retries, dead letters, limits, audit log, counters, listeners).
 */
public interface EventBusBackend {

    /** The short name, e.g. {@code redis}; also OpenTelemetry's {@code messaging.system}. */
    String name();

    /** Other values of {@code EVENT_BUS_PRODUCER} that select this backend. */
    default Set<String> producerAliases() {
        return Set.of();
    }

    /** Other values of {@code EVENT_BUS_CONSUMER} that select this backend. */
    default Set<String> consumerAliases() {
        return Set.of();
    }

    /** The {@code --extra} options this backend's consumer accepts. */
    default OptionTable consumerOptions() {
        return OptionTable.none();
    }

    /** The backend's own names for the shared delivery settings, e.g. {@code EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES}. */
    default DeliverySettings.Overrides deliveryOverrides() {
        return DeliverySettings.Overrides.NONE;
    }

    /** How event data becomes bytes and back on this backend. */
    EventCodec codec();

    /**
     * A producer transport.
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting that cannot be used
     */
    ProducerTransport createProducer(BackendContext context);

    /**
     * A consumer transport for one topic and group; it connects when the pipeline asks.
     *
     * @param options the spec's {@code --extra} options, read with {@link #consumerOptions()}
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting or option that cannot be used
     */
    ConsumerTransport createConsumer(ConsumerSpec spec, OptionTable.Options options, BackendContext context);

    /**
     * Topic and group operations for tools.
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting that cannot be used
     * @throws UnsupportedOperationException when the backend has none
     */
    default BusAdmin createAdmin(BackendContext context) {
        throw new UnsupportedOperationException("The " + name() + " backend has no admin operations");
    }
}
