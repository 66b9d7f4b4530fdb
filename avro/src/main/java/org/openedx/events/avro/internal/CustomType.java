package org.openedx.events.avro.internal;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A Java type carried as an Avro string (upstream's custom type serializers): a date-time,
 * a UUID, an opaque key, or a type a user registers. A field declared with exactly this
 * class maps to {@code "string"}.
 *
 * @param <T> the Java type
 */
public final class CustomType<T> {

    private final Class<T> type;
    private final Function<? super T, String> serializer;
    private final Function<String, ? extends T> deserializer;
    private final UnaryOperator<String> normalizer;

    private CustomType(Class<T> type, Function<? super T, String> serializer,
                       Function<String, ? extends T> deserializer, UnaryOperator<String> normalizer) {
        this.type = Objects.requireNonNull(type, "type");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        this.normalizer = normalizer;
    }

    /** A custom type whose text is normalized by parsing it and writing it again. */
    public static <T> CustomType<T> of(Class<T> type, Function<? super T, String> serializer,
                                       Function<String, ? extends T> deserializer) {
        return new CustomType<>(type, serializer, deserializer, null);
    }

    /**
     * A custom type with its own check-and-normalize step for text given to the generic API
     * (date-times keep their naive or aware form there).
     */
    public static <T> CustomType<T> of(Class<T> type, Function<? super T, String> serializer,
                                       Function<String, ? extends T> deserializer, UnaryOperator<String> normalizer) {
        return new CustomType<>(type, serializer, deserializer, Objects.requireNonNull(normalizer, "normalizer"));
    }

    public Class<T> type() {
        return type;
    }

    /** The wire text of a value of this type (or of a subclass). */
    String toText(Object value) {
        String text = serializer.apply(type.cast(value));
        if (text == null) {
            throw FieldFailure.of("the serializer of " + type.getName() + " returned null");
        }
        return text;
    }

    /** Parses wire text; any failure names the type and the text. */
    T fromText(String text) {
        T value;
        try {
            value = deserializer.apply(text);
        } catch (RuntimeException e) {
            throw FieldFailure.of("invalid " + type.getSimpleName() + " '" + text + "': " + e.getMessage(), e);
        }
        if (value == null) {
            throw FieldFailure.of("invalid " + type.getSimpleName() + " '" + text + "': the deserializer returned null");
        }
        return value;
    }

    /** Checks text given to the generic API and returns the text a typed value would be written as. */
    String normalize(String text) {
        if (normalizer == null) {
            return toText(fromText(text));
        }
        try {
            return normalizer.apply(text);
        } catch (RuntimeException e) {
            throw FieldFailure.of("invalid " + type.getSimpleName() + " '" + text + "': " + e.getMessage(), e);
        }
    }
}
