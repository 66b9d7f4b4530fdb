package org.openedx.events.bus;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.openedx.events.internal.NoEventBusProducer;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the producer and consumers that the settings name. Unlike upstream, a setting that
 * names something that cannot be created fails here with the real cause instead of falling
 * back, silently and for good, to a component that drops events.
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

    /** The backend with this short name or alias, if one is on the class path. */
    public static Optional<EventBusBackend> find(String nameOrAlias) {
        for (EventBusBackend backend : all()) {
            if (backend.name().equals(nameOrAlias) || backend.producerAliases().contains(nameOrAlias)
                    || backend.consumerAliases().contains(nameOrAlias)) {
                return Optional.of(backend);
            }
        }
        return Optional.empty();
    }

    /**
     * The producer {@code EVENT_BUS_PRODUCER} names; when it is unset, a producer that drops
     * every event, after one warning (as upstream).
     *
     * @throws EventBusConfigurationException when the setting names something that cannot be created
     */
    public static EventBusProducer producer(Settings settings) {
        String name = settings.get(EventBusSettings.EVENT_BUS_PRODUCER);
        if (name == null || name.isBlank()) {
            LOG.warn("Event Bus setting EVENT_BUS_PRODUCER is missing; component will be inactive");
            return new NoEventBusProducer();
        }
        String setting = "EVENT_BUS_PRODUCER=" + Secrets.maskUrlPasswords(name.trim());
        try {
            Optional<EventBusBackend> backend = find(name.trim());
            if (backend.isPresent()) {
                return backend.get().createProducer(settings);
            }
            Object created = instantiate(setting, name.trim(), EventBusProducer.class, settings, null);
            return created instanceof EventBusBackend b ? b.createProducer(settings) : (EventBusProducer) created;
        } catch (EventBusConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventBusConfigurationException("Cannot create the producer of " + setting + ": " + e.getMessage(), e);
        }
    }

    /**
     * A consumer as {@code EVENT_BUS_CONSUMER} names it.
     *
     * @throws EventBusConfigurationException when the setting is unset or names something
     *                                        that cannot be created, or an extra option is unknown
     */
    public static EventBusConsumer consumer(Settings settings, ConsumerSpec spec) {
        String name = settings.get(EventBusSettings.EVENT_BUS_CONSUMER);
        if (name == null || name.isBlank()) {
            throw new EventBusConfigurationException("Cannot consume events; no consumer configured: set "
                    + "EVENT_BUS_CONSUMER to one of " + names() + " or a Java class name");
        }
        String setting = "EVENT_BUS_CONSUMER=" + Secrets.maskUrlPasswords(name.trim());
        try {
            Optional<EventBusBackend> backend = find(name.trim());
            if (backend.isPresent()) {
                checkOptions(backend.get(), spec);
                return backend.get().createConsumer(spec, settings);
            }
            Object created = instantiate(setting, name.trim(), EventBusConsumer.class, settings, spec);
            if (created instanceof EventBusBackend b) {
                checkOptions(b, spec);
                return b.createConsumer(spec, settings);
            }
            return (EventBusConsumer) created;
        } catch (EventBusConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new EventBusConfigurationException("Cannot create the consumer of " + setting + " for topic '"
                    + spec.topic() + "', group '" + spec.groupId() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Checks {@code consume --extra} options against what the backend accepts.
     *
     * @throws EventBusConfigurationException naming the unknown option and the accepted ones
     */
    public static void checkOptions(EventBusBackend backend, ConsumerSpec spec) {
        Set<String> accepted = backend.consumerOptions();
        for (String option : spec.extra().keySet()) {
            if (!accepted.contains(option)) {
                throw new EventBusConfigurationException("Unknown option '" + option + "' for the " + backend.name()
                        + " consumer of topic '" + spec.topic() + "'; accepted: " + new TreeSet<>(accepted));
            }
        }
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        all().forEach(b -> names.add(b.name()));
        return names;
    }

    private static Object instantiate(String setting, String className, Class<?> component, Settings settings,
                                      ConsumerSpec spec) {
        Class<?> type;
        try {
            type = Class.forName(className, true, EventBusBackends.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new EventBusConfigurationException(setting + " names no backend on the class path (known: "
                    + names() + ") and no class");
        }
        if (!component.isAssignableFrom(type) && !EventBusBackend.class.isAssignableFrom(type)) {
            throw new EventBusConfigurationException(setting + " names " + type.getName() + ", which is neither an "
                    + component.getSimpleName() + " nor an EventBusBackend");
        }
        try {
            for (Constructor<?> constructor : type.getConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 1 && parameters[0] == Settings.class) {
                    return constructor.newInstance(settings);
                }
                if (spec != null && parameters.length == 2 && parameters[0] == ConsumerSpec.class
                        && parameters[1] == Settings.class) {
                    return constructor.newInstance(spec, settings);
                }
            }
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new EventBusConfigurationException("Cannot create the component of " + setting + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new EventBusConfigurationException(setting + " names " + type.getName()
                    + ", which has no public constructor taking (ConsumerSpec, Settings), Settings or nothing", e);
        }
    }
}
