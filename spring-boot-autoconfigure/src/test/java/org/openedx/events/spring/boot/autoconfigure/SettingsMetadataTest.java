package org.openedx.events.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.ProductionMode;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingType;

/**
 * The IDE metadata of the settings ({@code additional-spring-configuration-metadata.json}, which
 * the configuration processor merges into {@code spring-configuration-metadata.json}) lists every
 * setting the modules declare, with its property, type, documentation and default: when a setting
 * changes, this test fails and writes the new file to {@code target/} to be copied over.
 */
class SettingsMetadataTest {

    private static final Path CHECKED_IN = Path.of(
            "src/main/resources/META-INF/additional-spring-configuration-metadata.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void metadataListsEverySettingAsDeclared() throws IOException {
        String expected = JSON.writeValueAsString(metadata()) + "\n";
        if (!Files.exists(CHECKED_IN) || !Files.readString(CHECKED_IN).equals(expected)) {
            Path fresh = Path.of("target", CHECKED_IN.getFileName().toString());
            Files.writeString(fresh, expected);
            assertThat(Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN) : "")
                    .as("%s is out of date; the current one is %s", CHECKED_IN, fresh).isEqualTo(expected);
        }
    }

    @Test
    void theBuiltMetadataHasTheSettingsAndTheStartersOwnProperties() throws IOException {
        String built = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        assertThat(built).contains("\"openedx.events.redis.connection-url\"", "\"openedx.events.producer-config\"",
                "\"openedx.events.workers.enabled\"");
    }

    private static Map<String, Object> metadata() {
        Map<String, Setting<?>> byProperty = new TreeMap<>();
        SpringSettings.declared().forEach(setting -> byProperty.put(PropertyNames.of(setting.name()), setting));
        List<Map<String, Object>> properties = new ArrayList<>();
        List<Map<String, Object>> hints = new ArrayList<>();
        byProperty.forEach((property, setting) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", property);
            entry.put("type", javaType(setting.type()));
            String starterDefault = setting.equals(EventBusSettings.EVENT_BUS_PRODUCER_MODE)
                    ? " The starter's default is on_commit when spring-tx is on the class path." : "";
            entry.put("description", setting.doc() + starterDefault + " Upstream name: " + setting.name() + ".");
            Object defaultValue = starterDefault.isEmpty() ? defaultValue(setting) : ProductionMode.ON_COMMIT.toString();
            if (defaultValue != null) {
                entry.put("defaultValue", defaultValue);
            }
            properties.add(entry);
            if (setting.defaultValue() instanceof Enum<?> value) {
                Map<String, Object> hint = new LinkedHashMap<>();
                hint.put("name", property);
                hint.put("values", Arrays.stream(value.getDeclaringClass().getEnumConstants())
                        .map(constant -> Map.of("value", constant.toString())).toList());
                hints.add(hint);
            }
        });
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("properties", properties);
        metadata.put("hints", hints);
        return metadata;
    }

    private static String javaType(SettingType<?> type) {
        if (type == SettingType.BOOLEAN) {
            return "java.lang.Boolean";
        }
        if (type == SettingType.INTEGER) {
            return "java.lang.Integer";
        }
        if (type == SettingType.LONG) {
            return "java.lang.Long";
        }
        if (type == SettingType.NUMBER || type == SettingType.SECONDS) {
            return "java.lang.Double";
        }
        if (type == SettingType.STRUCTURED) {
            return "java.util.Map<java.lang.String,java.lang.Object>";
        }
        return "java.lang.String";
    }

    private static Object defaultValue(Setting<?> setting) {
        Object value = setting.defaultValue();
        if (value == null || setting.secret()) {
            return null;
        }
        if (value instanceof Duration duration) {
            return duration.toNanos() / 1e9;
        }
        if (value instanceof Boolean || value instanceof Number || value instanceof String) {
            return value;
        }
        return value instanceof Enum<?> ? value.toString() : null;
    }
}
