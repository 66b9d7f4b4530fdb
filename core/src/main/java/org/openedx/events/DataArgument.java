package org.openedx.events;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * One named data argument of a signal, upstream's {@code init_data} entry. The declared
 * type is usually a data record; its generic form is kept so that list and map arguments
 * can be described to the serializer.
 */
public record DataArgument(String name, Type type) {

    public DataArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("data argument name must not be blank");
        }
    }

    /** The raw class of the declared type, used for the instance check on send. */
    public Class<?> rawType() {
        return Types.rawClass(type);
    }
}
