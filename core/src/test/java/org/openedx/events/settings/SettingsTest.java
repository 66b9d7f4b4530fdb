package org.openedx.events.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static final Setting<String> PREFIX = EventBusSettings.EVENT_BUS_TOPIC_PREFIX;

    @Test
    void codeBeatsSystemPropertiesBeatEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_TOPIC_PREFIX: from-file\nEVENTS_SERVICE_NAME: lms\nDEBUG: true\n");
        Settings.Builder builder = Settings.builder().file(file)
                .environment(Map.of("EVENT_BUS_TOPIC_PREFIX", "from-env", "EVENTS_SERVICE_NAME", "cms"))
                .systemProperties(Map.of("EVENT_BUS_TOPIC_PREFIX", "from-property"));

        assertThat(builder.build().resolve(PREFIX)).isEqualTo(new SettingValue("from-property", SettingSource.SYSTEM_PROPERTY));
        assertThat(builder.put("EVENT_BUS_TOPIC_PREFIX", "from-code").build().resolve(PREFIX))
                .isEqualTo(new SettingValue("from-code", SettingSource.CODE));
        Settings settings = builder.build();
        assertThat(settings.resolve(EventBusSettings.EVENTS_SERVICE_NAME).source()).isEqualTo(SettingSource.ENVIRONMENT);
        assertThat(settings.resolve(EventBusSettings.DEBUG)).isEqualTo(new SettingValue(true, SettingSource.FILE));
        assertThat(settings.resolve(EventBusSettings.SERVICE_VARIANT)).isEqualTo(new SettingValue(null, SettingSource.DEFAULT));
    }

    @Test
    void settingsFileIsNamedByTheOtherSources(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bus.json");
        Files.writeString(file, "{\"EVENT_BUS_TOPIC_PREFIX\": \"dev\"}");
        Settings settings = Settings.builder().systemProperties(Map.of())
                .environment(Map.of("EVENT_BUS_SETTINGS_FILE", file.toString())).build();
        assertThat(settings.get(PREFIX)).isEqualTo("dev");
        assertThat(settings.file()).contains(file);
    }

    @Test
    void aMissingOrMalformedFileIsNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> Settings.builder().file(missing).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("EVENT_BUS_SETTINGS_FILE").hasMessageContaining("nope.yml");
        Path list = dir.resolve("list.yml");
        Files.writeString(list, "- a\n- b\n");
        assertThatThrownBy(() -> Settings.builder().file(list).build())
                .hasMessageContaining("must map setting names to values");
    }

    @Test
    void typedValuesAreParsedAndBadOnesNamed() {
        Settings settings = Settings.of(Map.of("DEBUG", "yes", "EVENT_BUS_PRODUCER_CONFIG", "{\"a\": {}}"));
        assertThat(settings.get(EventBusSettings.DEBUG)).isTrue();
        assertThat(settings.get(EventBusSettings.EVENT_BUS_PRODUCER_CONFIG)).isEqualTo(Map.of("a", Map.of()));
        assertThatThrownBy(() -> Settings.of(Map.of("DEBUG", "maybe")).get(EventBusSettings.DEBUG))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting DEBUG: expected true or false, found String 'maybe'");
        assertThatThrownBy(() -> Settings.of(Map.of("N", "x")).get(Setting.integer("N", 1, "")))
                .hasMessageContaining("Invalid setting N: expected an integer");
    }

    @Test
    void secretsAndUrlPasswordsAreMasked() {
        assertThat(Setting.secret("API_SECRET", "").display("hunter2")).isEqualTo("****");
        assertThat(PREFIX.display("redis://user:hunter2@localhost:6379/0")).isEqualTo("redis://user:****@localhost:6379/0");
        assertThat(Secrets.maskUrlPasswords("rediss://:pw@host and http://a:b@c")).isEqualTo("rediss://:****@host and http://a:****@c");
        assertThatThrownBy(() -> Settings.of(Map.of("N", "redis://u:hunter2@h")).get(Setting.integer("N", 1, "")))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void serviceNameFallsBackToServiceVariant() {
        assertThat(EventBusSettings.serviceName(Settings.of(Map.of("SERVICE_VARIANT", "cms")))).contains("cms");
        assertThat(EventBusSettings.serviceName(Settings.of(Map.of("SERVICE_VARIANT", "cms", "EVENTS_SERVICE_NAME", "x"))))
                .contains("x");
        assertThat(EventBusSettings.serviceName(Settings.of(Map.of()))).isEmpty();
    }

    @Test
    void secondsBecomeDurationsAndBadOnesAreNamed() {
        Setting<Double> timeout = Setting.number("TIMEOUT", 1.0, "");
        assertThat(Settings.of(Map.of("TIMEOUT", "0.25")).seconds(timeout)).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(Settings.of(Map.of()).positiveSeconds(timeout)).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(Settings.of(Map.of("TIMEOUT", 0)).seconds(timeout)).isZero();
        assertThatThrownBy(() -> Settings.of(Map.of("TIMEOUT", 0)).positiveSeconds(timeout))
                .hasMessage("Invalid setting TIMEOUT: must be at least 0.001 seconds, found 0.0");
        assertThatThrownBy(() -> Settings.of(Map.of("TIMEOUT", -1)).seconds(timeout))
                .hasMessageContaining("Invalid setting TIMEOUT: must be a number of seconds, not negative");
    }
}
