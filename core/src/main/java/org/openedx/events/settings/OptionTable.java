package org.openedx.events.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --extra} options a consumer accepts (upstream's keyword arguments of a consumer's
 * constructor), each declared once as a {@link Setting}, and the one parser that reads them.
 */
public final class OptionTable {

    private static final OptionTable NONE = new OptionTable(List.of());

    private final Map<String, Setting<?>> options = new LinkedHashMap<>();

    private OptionTable(List<Setting<?>> options) {
        options.forEach(option -> this.options.put(option.name(), option));
    }

    public static OptionTable of(Setting<?>... options) {
        return new OptionTable(List.of(options));
    }

    /** A table that accepts no option. */
    public static OptionTable none() {
        return NONE;
    }

    /** The options, in documentation order. */
    public List<Setting<?>> options() {
        return List.copyOf(options.values());
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(options.keySet());
    }

    /**
     * Reads raw options (JSON or YAML values); a {@code null} value means the default.
     *
     * @param owner what takes the options, for messages, e.g. {@code the redis consumer of topic 't'}
     * @throws InvalidSettingException naming an unknown option (and the accepted ones), or an option
     *                                 whose value has the wrong type or is refused
     */
    public Options parse(Map<String, ?> raw, String owner) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            Setting<?> option = options.get(entry.getKey());
            if (option == null) {
                throw InvalidSettingException.option(entry.getKey(), owner, "unknown option; accepted: "
                        + new TreeSet<>(options.keySet()));
            }
            try {
                Object value = option.convert(entry.getValue());
                if (entry.getValue() != null) {
                    values.put(option.name(), value);
                }
            } catch (IllegalArgumentException e) {
                throw InvalidSettingException.option(option.name(), owner, e.getMessage());
            }
        }
        return new Options(values);
    }

    /** Typed option values. */
    public static final class Options {
        private final Map<String, Object> values;

        private Options(Map<String, Object> values) {
            this.values = Collections.unmodifiableMap(values);
        }

        /** The option's value, or its default when it was not given. */
        @SuppressWarnings("unchecked")
        public <T> T get(Setting<T> option) {
            return values.containsKey(option.name()) ? (T) values.get(option.name()) : option.defaultValue();
        }

        /** Whether the option was given (with a value other than null). */
        public boolean isSet(Setting<?> option) {
            return values.containsKey(option.name());
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }
}
