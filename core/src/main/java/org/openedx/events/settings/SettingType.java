package org.openedx.events.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.DateTimeException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.openedx.events.wire.IsoDateTimes;

/**
 * The type of a setting or option: how a raw value (a string from the environment or a system
 * property, a structured value from code, a settings file or {@code --extra} JSON) becomes a
 * typed one, and what is expected when it cannot. One parser per type for every setting and
 * every option, so that a boolean is read the same everywhere.
 *
 * @param <T> the typed value
 */
public final class SettingType<T> {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Text; numbers and booleans are taken as their text. */
    public static final SettingType<String> STRING = new SettingType<>("a string", raw -> {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return String.valueOf(raw);
        }
        return null;
    });

    /** {@code true/false}, also {@code yes/no}, {@code on/off}, {@code 1/0}, in any case; empty text is false. */
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>("true or false", raw -> {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.doubleValue() == 1;
        }
        if (raw instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0", "" -> false;
                default -> null;
            };
        }
        return null;
    });

    /** A whole number that fits an {@code int}. */
    public static final SettingType<Integer> INTEGER = new SettingType<>("an integer", raw -> {
        Long value = wholeNumber(raw);
        return value != null && value == value.intValue() ? value.intValue() : null;
    });

    /** A whole number that fits a {@code long}. */
    public static final SettingType<Long> LONG = new SettingType<>("an integer", SettingType::wholeNumber);

    /** A number. */
    public static final SettingType<Double> NUMBER = new SettingType<>("a number", raw -> {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    });

    /** A number of seconds, as upstream's settings give durations, to the nanosecond; never negative. */
    public static final SettingType<Duration> SECONDS = new SettingType<>("a number of seconds, not negative", raw -> {
        Double seconds = NUMBER.parser.apply(raw);
        if (seconds == null || !(seconds >= 0) || seconds.isInfinite()) {
            return null;
        }
        return Duration.ofNanos(BigDecimal.valueOf(seconds).movePointRight(9).longValue());
    });

    /** An ISO-8601 date-time with a UTC offset, e.g. {@code 2024-01-01T00:00:00+00:00}. */
    public static final SettingType<OffsetDateTime> DATE_TIME = new SettingType<>(
            "an ISO date-time with a UTC offset, such as 2024-01-01T00:00:00+00:00", raw -> {
                if (raw instanceof OffsetDateTime time) {
                    return time;
                }
                try {
                    return raw instanceof String s ? IsoDateTimes.parseAware(s.trim()) : null;
                } catch (DateTimeException | IllegalArgumentException e) {
                    return null;
                }
            });

    /** A mapping or list; text is read as YAML or JSON. */
    public static final SettingType<Object> STRUCTURED = new SettingType<>("YAML or JSON", raw -> raw);

    private final String expected;
    private final Function<Object, T> parser;

    private SettingType(String expected, Function<Object, T> parser) {
        this.expected = expected;
        this.parser = parser;
    }

    /**
     * A type of one's own.
     *
     * @param expected what a valid value looks like, for error messages, e.g. {@code "a stream entry id"}
     * @param parser   the typed value, or {@code null} when the raw value is not one
     */
    public static <T> SettingType<T> of(String expected, Function<Object, T> parser) {
        return new SettingType<>(Objects.requireNonNull(expected, "expected"), Objects.requireNonNull(parser, "parser"));
    }

    /** What a valid value looks like, e.g. {@code "true or false"}. */
    public String expected() {
        return expected;
    }

    /**
     * The typed value of a raw one that is not null.
     *
     * @throws IllegalArgumentException saying what is wrong (the caller names the setting)
     */
    T parse(Object raw) {
        if (this == STRUCTURED) {
            return parseStructured(raw);
        }
        T value = parser.apply(raw);
        if (value == null) {
            throw new IllegalArgumentException("expected " + expected);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private T parseStructured(Object raw) {
        if (!(raw instanceof String text)) {
            return (T) raw;
        }
        try {
            return (T) YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new IllegalArgumentException("is not valid YAML or JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static Long wholeNumber(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())
                && Math.abs(n.doubleValue()) < 9.0e18) {
            return n.longValue();
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return expected;
    }
}
