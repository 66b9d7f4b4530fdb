package org.openedx.events.bus;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.openedx.events.bus.internal.NoEventBusProducer;
import org.openedx.events.bus.internal.PipelineConsumer;
import org.openedx.events.bus.internal.PipelineProducer;
import org.openedx.events.bus.internal.Spooling;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the producer and consumers that the settings name, each a backend's transport inside
 * the delivery pipeline every backend shares. Unlike upstream, a setting that names something
 * that cannot be created fails here with the real cause instead of falling back, silently and
 * for good, to a component that drops events.
 */
public final class EventBusBackends {

    private static final Logger LOG = LoggerFactory.getLogger(EventBusBackends.class);

    private EventBusBackends() {
    }

    /** Every backend on the class path. */
    public static List<EventBusBackend> all() {
        List<EventBusBackend> backends = new ArrayList<>();
        ServiceLoader.load(EventBusBackend.class, EventBusBackends.class.getClassLoader()).forEach(backends::add);
        return backends;
    }

    /** The backend with this short name or alias (in any case), if one is on the class path. */
    public static Optional<EventBusBackend> find(String nameOrAlias) {
        String wanted = nameOrAlias.trim().toLowerCase(Locale.ROOT);
        for (EventBusBackend backend : all()) {
            if (backend.name().equalsIgnoreCase(wanted) || containsIgnoringCase(backend.producerAliases(), wanted)
                    || containsIgnoringCase(backend.consumerAliases(), wanted)) {
                return Optional.of(backend);
            }
        }
        return Optional.empty();
    }

    private static boolean containsIgnoringCase(Set<String> names, String wanted) {
        return names.stream().anyMatch(name -> name.equalsIgnoreCase(wanted));
    }

    /**
     * The backend a producer or consumer setting names: a backend's name or alias, or the class
     * name of an {@link EventBusBackend}.
     *
     * @param setting {@code EVENT_BUS_PRODUCER} or {@code EVENT_BUS_CONSUMER}
     * @throws EventBusConfigurationException when the value names no backend
     */
    public static EventBusBackend backend(String setting, String value) {
        Optional<EventBusBackend> found = find(value);
        if (found.isPresent()) {
            return found.get();
        }
        String shown = setting + "=" + Secrets.maskUrlPasswords(value.trim());
        Class<?> type;
        try {
            type = Class.forName(value.trim(), true, EventBusBackends.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new EventBusConfigurationException(shown + " names no backend on the class path (known: " + names()
                    + ") and no class");
        }
        if (!EventBusBackend.class.isAssignableFrom(type)) {
            throw new EventBusConfigurationException(shown + " names " + type.getName() + ", which is not an "
                    + EventBusBackend.class.getName());
        }
        try {
            return (EventBusBackend) type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new EventBusConfigurationException("Cannot create the backend of " + shown + ": " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new EventBusConfigurationException(shown + " names " + type.getName()
                    + ", which has no public constructor without parameters", e);
        }
    }

    /** The producer {@code EVENT_BUS_PRODUCER} names, with no listener and the system clock. */
    public static EventBusProducer producer(Settings settings) {
        return producer(settings, DeliveryListener.NONE, Clock.systemUTC());
    }

    /**
     * The producer {@code EVENT_BUS_PRODUCER} names; when it is unset, a producer that drops
     * every event, after one warning (as upstream).
     *
     * @throws EventBusConfigurationException when the setting names something that cannot be created
     */
    public static EventBusProducer producer(Settings settings, DeliveryListener listener, Clock clock) {
        return producer(settings, listener, EventTracing.fromSettings(settings), clock);
    }

    /**
     * The producer {@code EVENT_BUS_PRODUCER} names, tracing its sends with {@code tracing}; when
     * the setting is unset, a producer that drops every event, after one warning (as upstream).
     *
     * @throws EventBusConfigurationException when the setting names something that cannot be created
     */
    public static EventBusProducer producer(Settings settings, DeliveryListener listener, EventTracing tracing,
                                            Clock clock) {
        Optional<String> name = EventBusSettings.producerName(settings);
        if (name.isEmpty()) {
            LOG.warn("Event Bus setting EVENT_BUS_PRODUCER is missing; component will be inactive");
            return new NoEventBusProducer();
        }
        return producer(backend(EventBusSettings.EVENT_BUS_PRODUCER.name(), name.get()), settings, listener, tracing,
                clock);
    }

    /**
     * A producer of this backend instance (one not found by name: a test's in-memory bus, say),
     * with the tracing the settings enable ({@link EventTracing#fromSettings}).
     *
     * @throws EventBusConfigurationException when it cannot be created
     */
    public static EventBusProducer producer(EventBusBackend backend, Settings settings, DeliveryListener listener,
                                            Clock clock) {
        return producer(backend, settings, listener, EventTracing.fromSettings(settings), clock);
    }

    /**
     * A producer of this backend instance that traces its sends with {@code tracing}.
     *
     * @throws EventBusConfigurationException when it cannot be created
     */
    public static EventBusProducer producer(EventBusBackend backend, Settings settings, DeliveryListener listener,
                                            EventTracing tracing, Clock clock) {
        BackendContext context = BackendContext.of(settings, clock);
        try {
            DeliverySettings delivery = DeliverySettings.from(settings, backend.deliveryOverrides());
            ProducerTransport transport = Spooling.around(backend.createProducer(context), backend.codec(), context);
            return new PipelineProducer(backend.name(), transport, backend.codec(), context, listener, tracing,
                    delivery.auditLogging());
        } catch (InvalidSettingException | EventBusConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventBusConfigurationException("Cannot create the " + backend.name() + " producer: "
                    + e.getMessage(), e);
        }
    }

    /** A consumer as {@code EVENT_BUS_CONSUMER} names it, with no listener and the system clock. */
    public static EventBusConsumer consumer(Settings settings, ConsumerSpec spec) {
        return consumer(settings, spec, DeliveryListener.NONE, Clock.systemUTC());
    }

    /**
     * A consumer as {@code EVENT_BUS_CONSUMER} names it; it connects when it runs.
     *
     * @throws EventBusConfigurationException when the setting is unset or names something that
     *                                        cannot be created
     * @throws InvalidSettingException        naming a setting or an {@code --extra} option that cannot be used
     */
    public static EventBusConsumer consumer(Settings settings, ConsumerSpec spec, DeliveryListener listener,
                                            Clock clock) {
        return consumer(settings, spec, listener, EventTracing.fromSettings(settings), clock);
    }

    /**
     * A consumer as {@code EVENT_BUS_CONSUMER} names it, tracing its events' handling with {@code tracing}.
     *
     * @throws EventBusConfigurationException when the setting is unset or names something that
     *                                        cannot be created
     * @throws InvalidSettingException        naming a setting or an {@code --extra} option that cannot be used
     */
    public static EventBusConsumer consumer(Settings settings, ConsumerSpec spec, DeliveryListener listener,
                                            EventTracing tracing, Clock clock) {
        Optional<String> name = EventBusSettings.consumerName(settings);
        if (name.isEmpty()) {
            throw new EventBusConfigurationException("Cannot consume events; no consumer configured: set "
                    + "EVENT_BUS_CONSUMER to one of " + names() + " or the class name of an EventBusBackend");
        }
        return consumer(backend(EventBusSettings.EVENT_BUS_CONSUMER.name(), name.get()), settings, spec, listener,
                tracing, clock);
    }

    /**
     * A consumer of this backend instance (one not found by name: a test's in-memory bus, say).
     *
     * @throws EventBusConfigurationException when it cannot be created
     * @throws InvalidSettingException        naming a setting or an {@code --extra} option that cannot be used
     */
    public static EventBusConsumer consumer(EventBusBackend backend, Settings settings, ConsumerSpec spec,
                                            DeliveryListener listener, Clock clock) {
        return consumer(backend, settings, spec, listener, EventTracing.fromSettings(settings), clock);
    }

    /**
     * A consumer of this backend instance that traces its events' handling with {@code tracing}.
     *
     * @throws EventBusConfigurationException when it cannot be created
     * @throws InvalidSettingException        naming a setting or an {@code --extra} option that cannot be used
     */
    public static EventBusConsumer consumer(EventBusBackend backend, Settings settings, ConsumerSpec spec,
                                            DeliveryListener listener, EventTracing tracing, Clock clock) {
        OptionTable.Options options = backend.consumerOptions().parse(spec.extra(), "the " + backend.name()
                + " consumer of topic '" + spec.topic() + "'");
        BackendContext context = BackendContext.of(settings, clock);
        DeliverySettings delivery = DeliverySettings.from(settings, backend.deliveryOverrides());
        ConsumerTransport transport;
        try {
            transport = backend.createConsumer(spec, options, context);
        } catch (InvalidSettingException | EventBusConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventBusConfigurationException("Cannot create the " + backend.name() + " consumer of topic '"
                    + spec.topic() + "', group '" + spec.groupId() + "': " + e.getMessage(), e);
        }
        ConsumerInfo info = new ConsumerInfo(backend.name(), spec.topic(), context.fullTopic(spec.topic()),
                spec.groupId(), transport.consumerName());
        return new PipelineConsumer(info, transport, delivery, listener, tracing, clock);
    }

    /**
     * Topic and group operations on the backend {@code EVENT_BUS_CONSUMER} names (else
     * {@code EVENT_BUS_PRODUCER}).
     *
     * @throws EventBusConfigurationException when neither names a backend
     */
    public static BusAdmin admin(Settings settings) {
        Optional<String> consumer = EventBusSettings.consumerName(settings);
        String setting = consumer.isPresent() ? EventBusSettings.EVENT_BUS_CONSUMER.name()
                : EventBusSettings.EVENT_BUS_PRODUCER.name();
        String name = consumer.or(() -> EventBusSettings.producerName(settings)).orElseThrow(() ->
                new EventBusConfigurationException("Set EVENT_BUS_CONSUMER or EVENT_BUS_PRODUCER to one of " + names()));
        return backend(setting, name).createAdmin(BackendContext.of(settings, Clock.systemUTC()));
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        all().forEach(b -> names.add(b.name()));
        return names;
    }
}
