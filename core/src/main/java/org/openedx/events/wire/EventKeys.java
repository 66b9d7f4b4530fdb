package org.openedx.events.wire;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openedx.events.EventBusException;
import org.openedx.events.EventData;

/**
 * Finds the message key in event data by an {@code event_key_field} path (upstream
 * {@code extract_event_key}), the one routine every backend uses. The first segment names a
 * data argument; each later one is a map key, or else a field of the object reached: a
 * record component by its wire (snake_case) or Java name, or a no-argument accessor such as
 * a course key's {@code org}.
 */
public final class EventKeys {

    /** Per class, the accessor each segment names: reflection is slow, and keys are extracted on every send. */
    private static final ClassValue<Map<String, Optional<Method>>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Optional<Method>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private EventKeys() {
    }

    /**
     * The raw key value at {@code eventKeyField}, possibly {@code null}.
     *
     * @throws EventBusException with upstream's message naming the path and the failing segment
     */
    public static Object extract(EventData data, String eventKeyField) {
        return path(eventKeyField).extract(data);
    }

    /** The path, split once: a producer extracts the key of every event it sends with it. */
    public static Path path(String eventKeyField) {
        return new Path(eventKeyField, eventKeyField.split("\\.", -1));
    }

    /** An {@code event_key_field} path, ready to extract keys. Immutable. */
    public static final class Path {
        private final String text;
        private final String[] segments;

        private Path(String text, String[] segments) {
            this.text = text;
            this.segments = segments;
        }

        /**
         * The raw key value of this event, possibly {@code null}.
         *
         * @throws EventBusException with upstream's message naming the path and the failing segment
         */
        public Object extract(EventData data) {
            Object current = data.asMap();
            for (String segment : segments) {
                if (current instanceof Map<?, ?> map) {
                    if (!map.containsKey(segment)) {
                        throw failure(text, segment, "dictionary");
                    }
                    current = map.get(segment);
                } else {
                    current = field(current, segment, text);
                }
            }
            return current;
        }
    }

    private static Object field(Object target, String segment, String path) {
        if (target == null) {
            throw failure(path, segment, "object");
        }
        Map<String, Optional<Method>> accessors = ACCESSORS.get(target.getClass());
        Optional<Method> accessor = accessors.get(segment);
        if (accessor == null) {
            accessor = Optional.ofNullable(accessor(target.getClass(), segment));
            // Once, not per call: the check it makes is most of the cost of a reflective call.
            accessor.ifPresent(Method::trySetAccessible);
            accessors.put(segment, accessor);
        }
        if (accessor.isEmpty()) {
            throw failure(path, segment, "object");
        }
        return invoke(accessor.get(), target, path, segment);
    }

    /** The record component or no-argument method a segment names, or null. */
    private static Method accessor(Class<?> type, String segment) {
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(segment) || FieldNames.toWire(component.getName()).equals(segment)) {
                    return component.getAccessor();
                }
            }
        }
        for (String name : new String[] {segment, FieldNames.toJava(segment)}) {
            try {
                Method method = type.getMethod(name);
                if (method.getReturnType() != void.class) {
                    return method;
                }
            } catch (NoSuchMethodException e) {
                // try the next spelling
            }
        }
        return null;
    }

    private static Object invoke(Method method, Object target, String path, String segment) {
        try {
            return method.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new EventBusException("Could not extract key from event; lookup in " + path + " failed at '"
                    + segment + "' in object: " + e, e);
        }
    }

    private static EventBusException failure(String path, String segment, String where) {
        return new EventBusException("Could not extract key from event; lookup in " + path + " failed at '"
                + segment + "' in " + where);
    }
}
