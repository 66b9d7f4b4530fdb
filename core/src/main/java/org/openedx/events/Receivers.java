package org.openedx.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Connects and disconnects the {@link OnEvent} methods of an object. */
public final class Receivers {

    private Receivers() {
    }

    /**
     * Connects every {@link OnEvent} method of {@code target} to its signals and returns the
     * signals connected to.
     *
     * @throws UnknownEventTypeException when a method names an unknown event type
     * @throws IllegalArgumentException  when a parameter cannot be filled, naming the method
     */
    public static List<OpenEdxPublicSignal> connect(Object target) {
        List<OpenEdxPublicSignal> connected = new ArrayList<>();
        for (Method method : annotatedMethods(target.getClass())) {
            for (String eventType : method.getAnnotation(OnEvent.class).value()) {
                OpenEdxPublicSignal signal = SignalRegistry.get(eventType);
                signal.connect(new ConnectedReceiver(new Identity(target, method),
                        method.getDeclaringClass().getSimpleName() + "." + method.getName(),
                        invocation(target, method, signal)));
                connected.add(signal);
            }
        }
        if (connected.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no @OnEvent method");
        }
        return connected;
    }

    /** Disconnects every {@link OnEvent} method of {@code target}. */
    public static void disconnect(Object target) {
        for (Method method : annotatedMethods(target.getClass())) {
            for (String eventType : method.getAnnotation(OnEvent.class).value()) {
                SignalRegistry.find(eventType).ifPresent(s -> s.disconnectIdentity(new Identity(target, method)));
            }
        }
    }

    private static List<Method> annotatedMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(OnEvent.class) && !Modifier.isStatic(method.getModifiers())) {
                    methods.add(method);
                }
            }
        }
        return methods;
    }

    private static ConnectedReceiver.Invocation invocation(Object target, Method method, OpenEdxPublicSignal signal) {
        method.setAccessible(true);
        List<Function<ReceivedEvent, Object>> arguments = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            arguments.add(argument(method, parameter, signal));
        }
        return event -> {
            Object[] values = new Object[arguments.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments.get(i).apply(event);
            }
            try {
                return method.invoke(target, values);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        };
    }

    private static Function<ReceivedEvent, Object> argument(Method method, Parameter parameter,
                                                            OpenEdxPublicSignal signal) {
        Class<?> type = parameter.getType();
        if (type == ReceivedEvent.class) {
            return event -> event;
        }
        if (type == EventsMetadata.class) {
            return ReceivedEvent::metadata;
        }
        if (type == EventData.class) {
            return ReceivedEvent::data;
        }
        if (type == OpenEdxPublicSignal.class) {
            return ReceivedEvent::signal;
        }
        if (type == boolean.class || type == Boolean.class) {
            return ReceivedEvent::fromEventBus;
        }
        DataArgument match = null;
        for (DataArgument data : signal.dataArguments()) {
            if (type.isAssignableFrom(data.rawType())
                    && (match == null || (parameter.isNamePresent() && data.name().equals(parameter.getName())))) {
                match = data;
            }
        }
        if (match == null) {
            throw new IllegalArgumentException("Cannot fill parameter '" + parameter.getName() + "' ("
                    + type.getSimpleName() + ") of receiver " + method + " for " + signal
                    + ": it has data arguments " + signal.dataArguments());
        }
        String name = match.name();
        return event -> event.data().get(name);
    }

    private record Identity(Object target, Method method) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.target == target && that.method.equals(method);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target) * 31 + method.hashCode();
        }
    }
}
