package org.openedx.events.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.bus.ConsumerSpec;

class ConsumerConfigTest {

    @Test
    void parsesTopicsInOrderAndRunsOnlyTheEnabledOnes() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("user-login", Map.of("group_id", "g1", "enabled", true, "extra", Map.of("check_backlog", false)));
        raw.put("off", Map.of("group_id", "g2", "enabled", false));
        raw.put("grades", Map.of("group_id", "g3", "enabled", true));

        ConsumerConfig config = ConsumerConfig.parse(raw);

        assertThat(config.asMap().keySet()).containsExactly("user-login", "off", "grades");
        assertThat(config.enabledSpecs()).containsExactly(
                new ConsumerSpec("user-login", "g1", Map.of("check_backlog", false)),
                new ConsumerSpec("grades", "g3", Map.of()));
    }

    @Test
    void readsYamlFromTheSettings() {
        Settings settings = Settings.of(Map.of("EVENT_BUS_CONSUMER_CONFIG",
                "user-login:\n  group_id: g\n  enabled: true\n"));
        assertThat(EventBusSettings.from(settings).consumerConfig().enabledSpecs())
                .containsExactly(ConsumerSpec.of("user-login", "g"));
    }

    @Test
    void eachErrorNamesTheTopicAndTheKey() {
        assertThatThrownBy(() -> ConsumerConfig.parse(List.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid setting EVENT_BUS_CONSUMER_CONFIG: should be a mapping");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("t", "g")))
                .hasMessageContaining("topic 't' should be a mapping");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("t", Map.of("enabled", true))))
                .hasMessageContaining("topic 't' key 'group_id' is missing");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("t", Map.of("group_id", 5, "enabled", true))))
                .hasMessageContaining("topic 't' key 'group_id' should be a non-empty string, found Integer '5'");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("t", Map.of("group_id", "g"))))
                .hasMessageContaining("topic 't' key 'enabled' is missing");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("t", Map.of("group_id", "g", "enabled", "yes"))))
                .hasMessageContaining("topic 't' key 'enabled' should be true or false");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("t", Map.of("group_id", "g", "enabled", true,
                "extra", List.of()))))
                .hasMessageContaining("topic 't' key 'extra' should be a mapping");
        assertThatThrownBy(() -> ConsumerConfig.parse(Map.of("t", Map.of("group_id", "g", "enabled", true,
                "group", "x"))))
                .hasMessageContaining("topic 't' key 'group' is not a known key");
    }
}
