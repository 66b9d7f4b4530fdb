package org.openedx.events.settings;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A rule a setting's typed value must follow, beyond its type, as kafka-clients' validators.
 *
 * @param <T> the typed value
 */
@FunctionalInterface
public interface Validator<T> {

    /** What is wrong with the value, e.g. {@code "must be at least 1"}; {@code null} when it is valid. */
    String problem(T value);

    /** Any value of the type. */
    static <T> Validator<T> any() {
        return value -> null;
    }

    /** A whole number no smaller than {@code min}. */
    static Validator<Number> atLeast(long min) {
        return value -> value.longValue() >= min ? null : "must be at least " + min;
    }

    /** A duration no shorter than {@code min}. */
    static Validator<Duration> atLeast(Duration min) {
        return value -> value.compareTo(min) >= 0 ? null
                : "must be at least " + min.toMillis() / 1000.0 + " seconds";
    }

    /** One of these texts. */
    static Validator<String> oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return value -> values.contains(value) ? null : "must be one of " + values;
    }

    /** Text that matches the pattern, described for the message, e.g. {@code "a stream entry id"}. */
    static Validator<String> matches(Pattern pattern, String description) {
        return value -> pattern.matcher(value).matches() ? null : "must be " + description;
    }

    /** Text that is not blank. */
    static Validator<String> notBlank() {
        return value -> value.isBlank() ? "must not be empty" : null;
    }
}
