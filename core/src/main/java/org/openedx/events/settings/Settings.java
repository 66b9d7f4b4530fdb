package org.openedx.events.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Every setting of the product, under the upstream names, read from (highest precedence
 * first) values given in code, Java system properties, environment variables and a YAML or
 * JSON settings file whose top level maps names to values. The file is the one given to the
 * builder, or else the one named by {@code EVENT_BUS_SETTINGS_FILE} in the other sources.
 * Immutable; the sources are read once, when it is built.
 */
public final class Settings {

    /** Names the settings file when none is given in code. */
    public static final String SETTINGS_FILE = "EVENT_BUS_SETTINGS_FILE";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, Object> code;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Map<String, Object> file;
    private final Path filePath;

    private Settings(Builder builder) {
        this.code = Collections.unmodifiableMap(new LinkedHashMap<>(builder.code));
        this.systemProperties = builder.systemProperties;
        this.environment = builder.environment;
        Path path = builder.file;
        if (path == null) {
            Object named = firstOf(SETTINGS_FILE).map(SettingValue::value).orElse(null);
            path = named == null || String.valueOf(named).isBlank() ? null : Path.of(String.valueOf(named));
        }
        this.filePath = path;
        this.file = path == null ? Map.of() : readFile(path);
    }

    /** Settings from system properties, the environment and the file they name; nothing from code. */
    public static Settings fromEnvironment() {
        return builder().build();
    }

    /** Settings from code values only (no system properties, environment or file): for tests. */
    public static Settings of(Map<String, ?> values) {
        return builder().systemProperties(Map.of()).environment(Map.of()).putAll(values).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this object's sources, for adding code values on top. */
    public Builder toBuilder() {
        Builder builder = new Builder().systemProperties(systemProperties).environment(environment).putAll(code);
        builder.file = filePath;
        return builder;
    }

    /** The raw value of a setting and its source, if any source sets it. */
    public Optional<SettingValue> raw(String name) {
        Optional<SettingValue> value = firstOf(name);
        if (value.isPresent()) {
            return value;
        }
        return file.containsKey(name) ? Optional.of(new SettingValue(file.get(name), SettingSource.FILE))
                : Optional.empty();
    }

    /**
     * The typed value of a setting, its default when no source sets it.
     *
     * @throws InvalidSettingException naming the setting, the value and what is expected
     */
    public <T> T get(Setting<T> setting) {
        return setting.parse(raw(setting.name()).map(SettingValue::value).orElse(null));
    }

    /** The typed value and where it came from. */
    public <T> SettingValue resolve(Setting<T> setting) {
        Optional<SettingValue> value = raw(setting.name());
        if (value.isEmpty() || value.get().value() == null) {
            return new SettingValue(setting.defaultValue(), SettingSource.DEFAULT);
        }
        return new SettingValue(setting.parse(value.get().value()), value.get().source());
    }

    /** The names the settings file sets, in its order; empty without a file. */
    public java.util.Set<String> fileNames() {
        return file.keySet();
    }

    /** Where the syntax error is and what it is, on one line: {@code  at line 3, column 1: expected ...}. */
    private static String syntaxError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " at line " + (yaml.getContextMark().getLine() + 1) + ", column "
                            + (yaml.getContextMark().getColumn() + 1) + ")";
            return " at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
                    + (yaml.getProblemMark().getColumn() + 1) + ": " + yaml.getProblem() + context;
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return where + ": " + e.getOriginalMessage().replace('\n', ' ');
    }

    /** The settings file in use, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(filePath);
    }

    private Optional<SettingValue> firstOf(String name) {
        if (code.containsKey(name)) {
            return Optional.of(new SettingValue(code.get(name), SettingSource.CODE));
        }
        if (systemProperties.containsKey(name)) {
            return Optional.of(new SettingValue(systemProperties.get(name), SettingSource.SYSTEM_PROPERTY));
        }
        if (environment.containsKey(name)) {
            return Optional.of(new SettingValue(environment.get(name), SettingSource.ENVIRONMENT));
        }
        return Optional.empty();
    }

    private static Map<String, Object> readFile(Path path) {
        Object content;
        try {
            content = YAML.readValue(Files.readString(path), Object.class);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingException(SETTINGS_FILE, "settings file " + path + " does not exist");
        } catch (JsonProcessingException e) {
            throw new InvalidSettingException(SETTINGS_FILE, "settings file " + path + " is not valid YAML or JSON"
                    + syntaxError(e), e);
        } catch (IOException e) {
            throw new InvalidSettingException(SETTINGS_FILE, "settings file " + path + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (content == null) {
            return Map.of();
        }
        if (!(content instanceof Map<?, ?> map)) {
            throw new InvalidSettingException(SETTINGS_FILE, "settings file " + path
                    + " must map setting names to values at its top level");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        map.forEach((k, v) -> values.put(String.valueOf(k), v));
        return Collections.unmodifiableMap(values);
    }

    /** Builds {@link Settings}; by default system properties and the environment are read. */
    public static final class Builder {
        private final Map<String, Object> code = new LinkedHashMap<>();
        private Map<String, String> systemProperties;
        private Map<String, String> environment = System.getenv();
        private Path file;

        private Builder() {
            Properties properties = System.getProperties();
            Map<String, String> copy = new LinkedHashMap<>();
            for (String name : properties.stringPropertyNames()) {
                copy.put(name, properties.getProperty(name));
            }
            this.systemProperties = copy;
        }

        /** A value given in code: the highest precedence. */
        public Builder put(String name, Object value) {
            code.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder putAll(Map<String, ?> values) {
            values.forEach(this::put);
            return this;
        }

        public Builder systemProperties(Map<String, String> systemProperties) {
            this.systemProperties = Map.copyOf(systemProperties);
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** The settings file, instead of the one {@code EVENT_BUS_SETTINGS_FILE} names. */
        public Builder file(Path file) {
            this.file = file;
            return this;
        }

        /**
         * @throws InvalidSettingException when the settings file is missing or unreadable
         */
        public Settings build() {
            return new Settings(this);
        }
    }
}
