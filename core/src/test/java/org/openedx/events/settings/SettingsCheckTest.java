package org.openedx.events.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsCheckTest {

    private static final List<Setting<?>> KNOWN = List.of(EventBusSettings.EVENT_BUS_TOPIC_PREFIX,
            EventBusSettings.EVENT_BUS_PRODUCER, EventBusSettings.EVENT_BUS_CONSUMER,
            DeliverySettings.EVENT_BUS_CONSUMER_MAX_RETRIES);

    @Test
    void namesOfTheFileThatNoModuleDeclaresAreReportedWithTheClosestDeclaredOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_TOPIC_PREFIX: dev\nEVENT_BUS_PRODUCR: redis\nevent_bus_consumer: redis\n"
                + "EVENT_BUS_SOMETHING_ELSE: 1\nEVENTS_SERVICE_NAMEE: lms\nDATABASES: {}\nSECRET_KEY: x\n");
        Settings settings = Settings.builder().environment(Map.of()).file(file).build();

        List<SettingsCheck.UnknownName> unknown = SettingsCheck.unknownFileNames(settings, KNOWN);

        assertThat(unknown).containsExactly(
                new SettingsCheck.UnknownName("EVENT_BUS_PRODUCR", Optional.of("EVENT_BUS_PRODUCER")),
                new SettingsCheck.UnknownName("event_bus_consumer", Optional.of("EVENT_BUS_CONSUMER")),
                new SettingsCheck.UnknownName("EVENT_BUS_SOMETHING_ELSE", Optional.empty()),
                new SettingsCheck.UnknownName("EVENTS_SERVICE_NAMEE", Optional.empty()));
        assertThat(unknown.get(0).describe())
                .isEqualTo("unknown setting 'EVENT_BUS_PRODUCR'; did you mean 'EVENT_BUS_PRODUCER'?");
        assertThat(unknown.get(2).describe()).isEqualTo("unknown setting 'EVENT_BUS_SOMETHING_ELSE'");
    }

    @Test
    void noFileMeansNothingToReport() {
        assertThat(SettingsCheck.unknownFileNames(Settings.builder().environment(Map.of()).build(), KNOWN)).isEmpty();
    }

    @Test
    void onlyANearNameIsSuggested() {
        List<String> names = List.of("EVENT_BUS_TOPIC_PREFIX", "EVENT_BUS_PRODUCER");
        assertThat(SettingsCheck.closest("EVENT_BUS_TOPIC_PERFIX", names)).contains("EVENT_BUS_TOPIC_PREFIX");
        assertThat(SettingsCheck.closest("EVENT_BUS_TOPIC", names)).isEmpty();
    }
}
