package org.openedx.events.avro.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The custom types of one serializer, looked up by exact declared class as upstream does. */
public final class CustomTypes {

    private final Map<Class<?>, CustomType<?>> byClass;

    private CustomTypes(Map<Class<?>, CustomType<?>> byClass) {
        this.byClass = Collections.unmodifiableMap(byClass);
    }

    /** Later entries for the same class replace earlier ones. */
    public static CustomTypes of(Collection<CustomType<?>> types) {
        Map<Class<?>, CustomType<?>> byClass = new LinkedHashMap<>();
        for (CustomType<?> type : types) {
            byClass.put(type.type(), type);
        }
        return new CustomTypes(byClass);
    }

    /** The custom type declared exactly as {@code type}, or null. */
    CustomType<?> exact(Class<?> type) {
        return byClass.get(type);
    }

    /**
     * The wire text of a value of any custom type, matched by subclass as upstream's
     * serializer does for values; null when the value is of no custom type.
     */
    String textOf(Object value) {
        CustomType<?> exact = byClass.get(value.getClass());
        if (exact != null) {
            return exact.toText(value);
        }
        for (CustomType<?> type : byClass.values()) {
            if (type.type().isInstance(value)) {
                return type.toText(value);
            }
        }
        return null;
    }

    public List<Class<?>> classes() {
        return List.copyOf(byClass.keySet());
    }
}
