package org.openedx.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The data of one event: argument name to value, in the signal's argument order (upstream's
 * {@code **event_data}). Immutable; values may be {@code null} so that a send can be checked
 * and refused with the upstream message.
 */
public final class EventData {

    private static final EventData EMPTY = new EventData(new LinkedHashMap<>());

    private final Map<String, Object> values;

    private EventData(LinkedHashMap<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static EventData empty() {
        return EMPTY;
    }

    public static EventData of(String name, Object value) {
        // Most events have one argument, and consumers make one per event: no builder, no copy.
        LinkedHashMap<String, Object> values = new LinkedHashMap<>(2);
        values.put(Objects.requireNonNull(name, "name"), value);
        return new EventData(values);
    }

    public static EventData of(String name1, Object value1, String name2, Object value2) {
        return builder().put(name1, value1).put(name2, value2).build();
    }

    /** A copy of {@code values}, in its iteration order. */
    public static EventData of(Map<String, ?> values) {
        Builder builder = builder();
        values.forEach(builder::put);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of an argument, or {@code null} when it is absent. */
    public Object get(String name) {
        return values.get(name);
    }

    /** The value of an argument as the given type. */
    public <T> T get(String name, Class<T> type) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Event data has no argument '" + name + "'; it has " + values.keySet());
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("Event data argument '" + name + "' is a "
                    + value.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(value);
    }

    public boolean contains(String name) {
        return values.containsKey(name);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public int size() {
        return values.size();
    }

    /** An unmodifiable view in argument order. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventData that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "EventData" + values;
    }

    /** Builds {@link EventData} in insertion order. */
    public static final class Builder {
        private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String name, Object value) {
            values.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public EventData build() {
            return new EventData(new LinkedHashMap<>(values));
        }
    }
}
