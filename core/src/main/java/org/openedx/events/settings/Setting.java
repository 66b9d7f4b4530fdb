package org.openedx.events.settings;

import java.util.Objects;
import java.util.function.Function;

/**
 * A named setting with its type, default and documentation. The parser turns a raw value
 * (a string from the environment or a system property, or a structured value from code or
 * a settings file) into the typed value, or throws {@link InvalidSettingException}.
 *
 * @param name         the upstream name, e.g. {@code EVENT_BUS_TOPIC_PREFIX}
 * @param defaultValue the value when no source sets it; may be {@code null} (unset)
 * @param doc          one line of documentation
 * @param secret       whether the value is masked wherever it is shown
 * @param parser       raw value to typed value
 */
public record Setting<T>(String name, T defaultValue, String doc, boolean secret, Function<Object, T> parser) {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(parser, "parser");
    }

    public static Setting<String> string(String name, String defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, false, raw -> SettingParsers.string(name, raw));
    }

    public static Setting<String> secret(String name, String doc) {
        return new Setting<>(name, null, doc, true, raw -> SettingParsers.string(name, raw));
    }

    public static Setting<Boolean> bool(String name, Boolean defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, false, raw -> SettingParsers.bool(name, raw));
    }

    public static Setting<Integer> integer(String name, Integer defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, false, raw -> SettingParsers.integer(name, raw));
    }

    public static Setting<Double> number(String name, Double defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, false, raw -> SettingParsers.number(name, raw));
    }

    /** A structured value (a mapping or list); strings are read as YAML or JSON. */
    public static Setting<Object> structured(String name, Object defaultValue, String doc) {
        return new Setting<>(name, defaultValue, doc, false, raw -> SettingParsers.structured(name, raw));
    }

    /** The value as it may be shown: masked when secret, URL passwords masked always. */
    public String display(Object value) {
        if (value == null) {
            return "(unset)";
        }
        if (secret) {
            return Secrets.MASK;
        }
        return Secrets.maskUrlPasswords(value instanceof String s ? s : SettingParsers.toJson(value));
    }
}
