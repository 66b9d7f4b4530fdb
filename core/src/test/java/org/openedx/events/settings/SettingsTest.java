package org.openedx.events.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Setting<java.time.Duration> timeout = Setting.seconds("TIMEOUT", 1.0, "");
        Setting<java.time.Duration> positive = timeout.validatedBy(Validator.atLeast(java.time.Duration.ofMillis(1)));
        assertThat(Settings.of(Map.of("TIMEOUT", "0.25")).get(timeout)).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(Settings.of(Map.of("TIMEOUT", 0.1)).get(timeout)).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(Settings.of(Map.of()).get(positive)).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(Settings.of(Map.of("TIMEOUT", 0)).get(timeout)).isZero();
        assertThatThrownBy(() -> Settings.of(Map.of("TIMEOUT", 0)).get(positive))
                .hasMessage("Invalid setting TIMEOUT: must be at least 0.001 seconds, found Integer '0'");
        assertThatThrownBy(() -> Settings.of(Map.of("TIMEOUT", -1)).get(timeout))
                .hasMessage("Invalid setting TIMEOUT: expected a number of seconds, not negative, found Integer '-1'");
    }

    @Test
    void everyBooleanIsReadTheSameWayAndValidatorsNameTheRule() {
        for (Object yes : List.of(true, "true", "YES", "on", "1", 1)) {
            assertThat(Settings.of(Map.of("DEBUG", yes)).get(EventBusSettings.DEBUG)).as("%s", yes).isTrue();
        }
        for (Object no : List.of(false, "False", "no", "OFF", "0", 0, "")) {
            assertThat(Settings.of(Map.of("DEBUG", no)).get(EventBusSettings.DEBUG)).as("%s", no).isFalse();
        }
        assertThatThrownBy(() -> Settings.of(Map.of("EVENT_BUS_CONSUMER_MAX_RETRIES", "-2"))
                .get(DeliverySettings.EVENT_BUS_CONSUMER_MAX_RETRIES))
                .hasMessage("Invalid setting EVENT_BUS_CONSUMER_MAX_RETRIES: must be at least 0, found String '-2'");
        assertThatThrownBy(() -> Setting.secret("API_SECRET", "").validatedBy(Validator.oneOf("a")).parse("hunter2"))
                .hasMessage("Invalid setting API_SECRET: must be one of [a], found String ****");
    }

    @Test
    void optionsAreReadByTheirTableAndUnknownOnesNamed() {
        Setting<Boolean> backlog = Setting.bool("check_backlog", null, "");
        Setting<Long> after = Setting.of("last_read_msg_id", SettingType.LONG, null, "").validatedBy(Validator.atLeast(0));
        OptionTable table = OptionTable.of(backlog, after);
        OptionTable.Options options = table.parse(Map.of("check_backlog", "false"), "the test consumer");
        assertThat(options.get(backlog)).isFalse();
        assertThat(options.isSet(after)).isFalse();
        assertThat(options.get(after)).isNull();
        java.util.Map<String, Object> nullMeansDefault = new java.util.HashMap<>();
        nullMeansDefault.put("check_backlog", null);
        assertThat(table.parse(nullMeansDefault, "c").isSet(backlog)).isFalse();
        assertThatThrownBy(() -> table.parse(Map.of("check_backlog", "maybe"), "the test consumer"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid option 'check_backlog' of the test consumer: expected true or false, "
                        + "found String 'maybe'");
        assertThatThrownBy(() -> table.parse(Map.of("last_read_msg_id", -5), "c"))
                .hasMessage("Invalid option 'last_read_msg_id' of c: must be at least 0, found Integer '-5'");
        assertThatThrownBy(() -> table.parse(Map.of("colour", 1), "c"))
                .hasMessage("Invalid option 'colour' of c: unknown option; accepted: [check_backlog, last_read_msg_id]");
    }

    @Test
    void backendNamesOverrideTheGeneralDeliverySettings() {
        DeliverySettings.Overrides redis = DeliverySettings.Overrides.named("REDIS");
        assertThat(redis.settings()).extracting(Setting::name).containsExactly("EVENT_BUS_REDIS_CONSUMERS_ENABLED",
                "EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", "EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY",
                "EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP", "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT",
                "EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED");
        DeliverySettings general = DeliverySettings.from(Settings.of(Map.of("EVENT_BUS_CONSUMER_MAX_RETRIES", 5,
                "EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 0)), redis);
        assertThat(general.maxRetries()).isEqualTo(5);
        assertThat(general.consecutiveErrorsLimit()).as("0 means no limit").isNull();
        DeliverySettings overridden = DeliverySettings.from(Settings.of(Map.of("EVENT_BUS_CONSUMER_MAX_RETRIES", 5,
                "EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", "1", "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 4)), redis);
        assertThat(overridden.maxRetries()).isEqualTo(1);
        assertThat(overridden.consecutiveErrorsLimit()).isEqualTo(4);
        assertThat(DeliverySettings.from(Settings.of(Map.of("EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", 1)),
                DeliverySettings.Overrides.NONE).maxRetries()).as("another backend's name").isEqualTo(3);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        DeliverySettings delivery = DeliverySettings.from(Settings.of(Map.of("EVENT_BUS_CONSUMER_RETRY_DELAY", 0.1,
                "EVENT_BUS_CONSUMER_RETRY_MAX_DELAY", 0.5, "EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP", 0.2)),
                DeliverySettings.Overrides.NONE);
        assertThat(List.of(1, 2, 3, 4, 40)).map(delivery::retryDelay).extracting(java.time.Duration::toMillis)
                .containsExactly(100L, 200L, 400L, 500L, 500L);
        assertThat(List.of(1, 2, 3)).map(delivery::reconnectDelay).extracting(java.time.Duration::toMillis)
                .containsExactly(200L, 400L, 500L);
    }
}
