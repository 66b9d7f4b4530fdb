package org.openedx.events;

import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.openedx.events.internal.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Open edX event: its type, its ordered data arguments and its minor version, and the
 * receivers connected to it (upstream {@code OpenEdxPublicSignal}). Building a signal
 * registers it; the last signal built for an event type is the one lookups find.
 *
 * <p>Sending follows upstream: a disabled signal returns an empty list before any check;
 * otherwise the data is checked against the arguments, and receivers run in connection
 * order, either robustly (each failure caught, logged and returned) or plainly (the first
 * failure propagates) when the signal allows send failures, {@code DEBUG} is on or the
 * caller asks for it.
 */
public final class OpenEdxPublicSignal {

    private static final Logger LOG = LoggerFactory.getLogger(OpenEdxPublicSignal.class);

    private final String eventType;
    private final List<DataArgument> dataArguments;
    private final int minorVersion;
    private final String eventKeyField;
    private final String constantName;
    private final boolean serializable;
    private final CopyOnWriteArrayList<ConnectedReceiver> receivers = new CopyOnWriteArrayList<>();
    private volatile boolean allowEvents = true;
    private volatile boolean allowSendEventFailure;

    private OpenEdxPublicSignal(Builder builder) {
        this.eventType = builder.eventType;
        this.dataArguments = List.copyOf(builder.dataArguments);
        this.minorVersion = builder.minorVersion;
        this.eventKeyField = builder.eventKeyField;
        this.constantName = builder.constantName;
        this.serializable = builder.serializable;
    }

    /** Starts the definition of a signal for an event type. */
    public static Builder builder(String eventType) {
        return new Builder(eventType);
    }

    public String eventType() {
        return eventType;
    }

    /** The data arguments, in order (upstream {@code init_data}); this order is the wire order. */
    public List<DataArgument> dataArguments() {
        return dataArguments;
    }

    public int minorVersion() {
        return minorVersion;
    }

    /** The documented key path (the {@code event_key_field} annotation), if the event has one. */
    public Optional<String> eventKeyField() {
        return Optional.ofNullable(eventKeyField);
    }

    /** The upstream Python constant, e.g. {@code SESSION_LOGIN_COMPLETED}, if known. */
    public Optional<String> constantName() {
        return Optional.ofNullable(constantName);
    }

    /** False for the events upstream lists as known unserializable; they do not go on the bus. */
    public boolean serializable() {
        return serializable;
    }

    public void enable() {
        allowEvents = true;
    }

    public void disable() {
        allowEvents = false;
    }

    public boolean isEnabled() {
        return allowEvents;
    }

    /** Makes every send of this signal plain, so receiver exceptions reach the caller (used by tests). */
    public void allowSendEventFailure() {
        allowSendEventFailure = true;
    }

    public boolean allowsSendEventFailure() {
        return allowSendEventFailure;
    }

    /** Connects a receiver; connecting the same instance again does nothing. */
    public void connect(EventReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        connect(ConnectedReceiver.of(receiver));
    }

    /** Disconnects a receiver; returns whether it was connected. */
    public boolean disconnect(EventReceiver receiver) {
        return disconnectIdentity(receiver);
    }

    synchronized void connect(ConnectedReceiver receiver) {
        for (ConnectedReceiver existing : receivers) {
            if (existing.identity().equals(receiver.identity())) {
                return;
            }
        }
        receivers.add(receiver);
    }

    synchronized boolean disconnectIdentity(Object identity) {
        return receivers.removeIf(r -> r.identity().equals(identity));
    }

    /** How many receivers are connected. */
    public int receiverCount() {
        return receivers.size();
    }

    /**
     * New metadata for this signal (upstream {@code generate_signal_metadata}), from the running
     * bus's {@link MetadataFactory}.
     *
     * @param time the event time, UTC; {@code null} for now
     */
    public EventsMetadata generateSignalMetadata(OffsetDateTime time) {
        return generateSignalMetadata(Registry.get().runtime().metadataFactory(), time);
    }

    /** New metadata for this signal from {@code factory}. */
    public EventsMetadata generateSignalMetadata(MetadataFactory factory, OffsetDateTime time) {
        return factory.create(eventType, minorVersion, time);
    }

    /** Sends an event now, robustly. */
    public List<ReceiverResponse> sendEvent(EventData data) {
        return sendEvent(data, SendOptions.DEFAULT);
    }

    /**
     * Sends an event (upstream {@code send_event}). The metadata is built first, so a time
     * that is not UTC fails even when the signal is disabled.
     *
     * @throws SenderValidationException when the data does not match the arguments
     */
    public List<ReceiverResponse> sendEvent(EventData data, SendOptions options) {
        MetadataFactory factory = options.metadataFactory() != null ? options.metadataFactory()
                : Registry.get().runtime().metadataFactory();
        EventsMetadata metadata = generateSignalMetadata(factory, options.time());
        return send(metadata, data, options.sendRobust(), false);
    }

    /**
     * Re-emits an event with the producer's metadata, marked as coming from the bus (upstream
     * {@code send_event_with_custom_metadata}); consumers use this.
     */
    public List<ReceiverResponse> sendEventWithCustomMetadata(EventsMetadata metadata, EventData data) {
        return sendEventWithCustomMetadata(metadata, data, true);
    }

    public List<ReceiverResponse> sendEventWithCustomMetadata(EventsMetadata metadata, EventData data,
                                                              boolean sendRobust) {
        Objects.requireNonNull(metadata, "metadata");
        return send(metadata, data, sendRobust, true);
    }

    private List<ReceiverResponse> send(EventsMetadata metadata, EventData data, boolean sendRobust,
                                        boolean fromEventBus) {
        if (!allowEvents) {
            return List.of();
        }
        validate(data);
        ReceivedEvent event = new ReceivedEvent(this, metadata, data, fromEventBus);
        if (allowSendEventFailure || Registry.get().runtime().debug() || !sendRobust) {
            return sendPlain(event);
        }
        return sendRobust(event);
    }

    private void validate(EventData data) {
        Objects.requireNonNull(data, "data");
        if (data.size() != dataArguments.size()) {
            throw new SenderValidationException(eventType,
                    "There's a mismatch between initialization data and send_event arguments" + mismatch(data));
        }
        for (DataArgument argument : dataArguments) {
            Object value = data.get(argument.name());
            if (isFalsy(value)) {
                throw new SenderValidationException(eventType, "Missing required argument '" + argument.name() + "'");
            }
            if (!argument.rawType().isInstance(value)) {
                throw new SenderValidationException(eventType, "The argument '" + argument.name()
                        + "' is not instance of the Class Attribute '" + argument.rawType().getSimpleName()
                        + "' (found " + value.getClass().getName() + ")");
            }
        }
    }

    /** Which arguments are missing and which are not the signal's, after upstream's message. */
    private String mismatch(EventData data) {
        List<String> expected = dataArguments.stream().map(DataArgument::name).toList();
        List<String> missing = expected.stream().filter(name -> !data.names().contains(name)).toList();
        List<String> unexpected = data.names().stream().filter(name -> !expected.contains(name)).sorted().toList();
        StringBuilder detail = new StringBuilder(" (expected ").append(expected);
        if (!missing.isEmpty()) {
            detail.append("; missing ").append(missing);
        }
        if (!unexpected.isEmpty()) {
            detail.append("; unexpected ").append(unexpected);
        }
        return detail.append(')').toString();
    }

    /** Python truthiness, because upstream treats a falsy argument as a missing one. */
    private static boolean isFalsy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return true;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == 0.0;
        }
        if (value instanceof CharSequence s) {
            return s.length() == 0;
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty();
        }
        return value instanceof Map<?, ?> m && m.isEmpty();
    }

    private List<ReceiverResponse> sendPlain(ReceivedEvent event) {
        List<ReceiverResponse> responses = new ArrayList<>(receivers.size());
        for (ConnectedReceiver receiver : receivers) {
            Object value;
            try {
                value = receiver.invocation().invoke(event);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ReceiverException(receiver.name(), eventType, e);
            }
            responses.add(new ReceiverResponse(receiver.name(), value, null));
        }
        return responses;
    }

    private List<ReceiverResponse> sendRobust(ReceivedEvent event) {
        List<ReceiverResponse> responses = new ArrayList<>(receivers.size());
        for (ConnectedReceiver receiver : receivers) {
            try {
                responses.add(new ReceiverResponse(receiver.name(), receiver.invocation().invoke(event), null));
            } catch (Exception e) {
                if (event.fromEventBus()) {
                    // The consumer that re-emitted it reports the failure with its outcome (retry, dead
                    // letter), one line per attempt; the stack trace would repeat on every attempt.
                    LOG.debug("Error calling receiver {} of {} for event {}", receiver.name(), this,
                            event.metadata().id(), e);
                } else {
                    LOG.error("Error calling receiver {} of {} for event {}", receiver.name(), this,
                            event.metadata().id(), e);
                }
                responses.add(new ReceiverResponse(receiver.name(), null, e));
            }
        }
        if (LOG.isInfoEnabled() && !responses.isEmpty()) {
            LOG.info("Responses of the Open edX Event <{}>: \n{}", eventType, responses);
        }
        return responses;
    }

    @Override
    public String toString() {
        return "<OpenEdxPublicSignal: " + eventType + ">";
    }

    /** Defines a signal; {@link #build()} registers it. */
    public static final class Builder {
        private final String eventType;
        private final List<DataArgument> dataArguments = new ArrayList<>();
        private int minorVersion;
        private String eventKeyField;
        private String constantName;
        private boolean serializable = true;

        private Builder(String eventType) {
            Objects.requireNonNull(eventType, "eventType");
            if (eventType.isBlank()) {
                throw new IllegalArgumentException("event type must not be blank");
            }
            this.eventType = eventType;
        }

        /** Adds a data argument; the order of calls is the argument (and wire) order. */
        public Builder data(String name, Type type) {
            for (DataArgument existing : dataArguments) {
                if (existing.name().equals(name)) {
                    throw new IllegalArgumentException("Signal " + eventType + " already has data argument '" + name + "'");
                }
            }
            dataArguments.add(new DataArgument(name, type));
            return this;
        }

        public Builder minorVersion(int minorVersion) {
            if (minorVersion < 0) {
                throw new IllegalArgumentException("minor version must not be negative: " + minorVersion);
            }
            this.minorVersion = minorVersion;
            return this;
        }

        public Builder eventKeyField(String eventKeyField) {
            this.eventKeyField = eventKeyField;
            return this;
        }

        public Builder constantName(String constantName) {
            this.constantName = constantName;
            return this;
        }

        /** Marks an event that upstream lists as known unserializable. */
        public Builder serializable(boolean serializable) {
            this.serializable = serializable;
            return this;
        }

        public OpenEdxPublicSignal build() {
            OpenEdxPublicSignal signal = new OpenEdxPublicSignal(this);
            Registry.get().register(signal);
            return signal;
        }
    }
}
