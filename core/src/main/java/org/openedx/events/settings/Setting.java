package org.openedx.events.settings;

import java.time.Duration;
import java.util.Objects;

/**
 * One setting, or one {@code --extra} option of a consumer, declared once with its name, type,
 * default, validator and documentation (kafka-clients' {@code ConfigDef} is the model). Every
 * value is read through {@link #parse}: a wrong type or a value the validator refuses is an
 * {@link InvalidSettingException} that names the setting, the value (masked when secret) and
 * what is expected.
 *
 * @param name         the upstream name, e.g. {@code EVENT_BUS_TOPIC_PREFIX}, or the option name
 * @param type         how raw values are read
 * @param defaultValue the value when no source sets it; may be {@code null} (unset)
 * @param doc          one line of documentation
 * @param secret       whether the value is masked wherever it is shown
 * @param validator    what a typed value must also satisfy
 */
public record Setting<T>(String name, SettingType<T> type, T defaultValue, String doc, boolean secret,
                         Validator<? super T> validator) {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(validator, "validator");
    }

    public static <T> Setting<T> of(String name, SettingType<T> type, T defaultValue, String doc) {
        return new Setting<>(name, type, defaultValue, doc, false, Validator.any());
    }

    public static Setting<String> string(String name, String defaultValue, String doc) {
        return of(name, SettingType.STRING, defaultValue, doc);
    }

    public static Setting<String> secret(String name, String doc) {
        return of(name, SettingType.STRING, null, doc).asSecret();
    }

    public static Setting<Boolean> bool(String name, Boolean defaultValue, String doc) {
        return of(name, SettingType.BOOLEAN, defaultValue, doc);
    }

    public static Setting<Integer> integer(String name, Integer defaultValue, String doc) {
        return of(name, SettingType.INTEGER, defaultValue, doc);
    }

    public static Setting<Double> number(String name, Double defaultValue, String doc) {
        return of(name, SettingType.NUMBER, defaultValue, doc);
    }

    /** A duration given in seconds, as upstream's settings give them ({@code 0.5} is half a second). */
    public static Setting<Duration> seconds(String name, Double defaultSeconds, String doc) {
        return of(name, SettingType.SECONDS, defaultSeconds == null ? null : SettingType.SECONDS.parse(defaultSeconds),
                doc);
    }

    /** A structured value (a mapping or list); strings are read as YAML or JSON. */
    public static Setting<Object> structured(String name, Object defaultValue, String doc) {
        return of(name, SettingType.STRUCTURED, defaultValue, doc);
    }

    /** This setting, with values also checked by {@code rule}. */
    public Setting<T> validatedBy(Validator<? super T> rule) {
        return new Setting<>(name, type, defaultValue, doc, secret, rule);
    }

    /** This setting, masked wherever it is shown. */
    public Setting<T> asSecret() {
        return new Setting<>(name, type, defaultValue, doc, true, validator);
    }

    /**
     * The typed value of a raw one; {@code null} gives the default.
     *
     * @throws InvalidSettingException naming this setting, the value and what is expected
     */
    public T parse(Object raw) {
        try {
            return convert(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(name, e.getMessage());
        }
    }

    /**
     * The typed value of a raw one; {@code null} gives the default.
     *
     * @throws IllegalArgumentException saying what is wrong, without the setting's name
     */
    T convert(Object raw) {
        if (raw == null) {
            return defaultValue;
        }
        T value;
        try {
            value = type.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", found " + describe(raw));
        }
        String problem = validator.problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ", found " + describe(raw));
        }
        return value;
    }

    /** The value as it may be shown: masked when secret, URL passwords masked always. */
    public String display(Object value) {
        if (value == null) {
            return "(unset)";
        }
        if (secret) {
            return Secrets.MASK;
        }
        if (value instanceof Duration duration) {
            return SettingParsers.seconds(duration);
        }
        return Secrets.maskUrlPasswords(value instanceof String s ? s : SettingParsers.toJson(value));
    }

    private String describe(Object raw) {
        return secret ? raw.getClass().getSimpleName() + " " + Secrets.MASK : SettingParsers.describe(raw);
    }
}
