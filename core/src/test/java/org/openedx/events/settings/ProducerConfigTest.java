package org.openedx.events.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openedx.events.ProducerConfigurationException;
import org.openedx.events.TestData;

class ProducerConfigTest {

    private static final String TYPE = "org.openedx.test.login.producerconfig.v1";

    @BeforeAll
    static void registerSignal() {
        TestData.loginSignal("producerconfig");
    }

    private static Map<String, Object> topic(Object keyField, Object enabled) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("event_key_field", keyField);
        values.put("enabled", enabled);
        return values;
    }

    @Test
    void parsesTheUpstreamStructureInOrder() {
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("user-login", topic("user.pii.username", true));
        topics.put("audit", Map.of("event_key_field", "user.id", "enabled", false, "note", "extra keys are ignored"));
        ProducerConfig config = ProducerConfig.parse(Map.of(TYPE, topics));

        assertThat(config.eventTypes()).containsExactly(TYPE);
        assertThat(config.topics(TYPE)).containsExactly(
                Map.entry("user-login", new TopicConfig("user.pii.username", true)),
                Map.entry("audit", new TopicConfig("user.id", false)));
        assertThat(config.topics("org.openedx.other.v1")).isEmpty();
        assertThat(ProducerConfig.parse(Map.of(TYPE, Map.of())).topics(TYPE)).isEmpty();
    }

    @Test
    void aTopicEntryMayNameItsProductionMode() {
        Map<String, Object> topics = new LinkedHashMap<>();
        topics.put("deferred", Map.of("event_key_field", "user.id", "enabled", true, "mode", "ON_COMMIT"));
        topics.put("plain", topic("user.id", true));
        ProducerConfig config = ProducerConfig.parse(Map.of(TYPE, topics));

        assertThat(config.topics(TYPE).get("deferred").mode()).contains(ProductionMode.ON_COMMIT);
        assertThat(config.topics(TYPE).get("plain").modeOr(ProductionMode.ON_COMMIT)).isEqualTo(ProductionMode.ON_COMMIT);
        assertThat(config.topics(TYPE).get("deferred").modeOr(ProductionMode.IMMEDIATE)).isEqualTo(ProductionMode.ON_COMMIT);
    }

    @Test
    void aBadModeNamesTheEventTypeAndTopic() {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("user-login",
                Map.of("event_key_field", "user.id", "enabled", true, "mode", "eventually")))))
                .isInstanceOf(ProducerConfigurationException.class)
                .hasMessageContaining(TYPE)
                .hasMessageContaining("'mode' should be one of 'immediate', 'on_commit', 'outbox', 'spool', found: 'eventually' [topic 'user-login']");
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("user-login",
                Map.of("event_key_field", "user.id", "enabled", true, "mode", 3)))))
                .hasMessageContaining("found: <class 'int'> [topic 'user-login']");
    }

    @Test
    void parsesYamlText() {
        Object raw = Setting.structured("EVENT_BUS_PRODUCER_CONFIG", Map.of(), "").parse(
                TYPE + ":\n  user-login:\n    event_key_field: user.pii.username\n    enabled: true\n");
        assertThat(ProducerConfig.parse(raw).topics(TYPE).get("user-login").enabled()).isTrue();
    }

    @Test
    void notAMapping() {
        assertThatThrownBy(() -> ProducerConfig.parse(List.of("x")))
                .isInstanceOf(ProducerConfigurationException.class)
                .hasMessage("ProducerConfigurationError : Setting 'EVENT_BUS_PRODUCER_CONFIG' should be a dictionary "
                        + "with event_type as key and list or tuple of config dictionaries as values");
    }

    @Test
    void perTypeNotAMapping() {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, List.of())))
                .hasMessage("ProducerConfigurationError " + TYPE + ": Configuration for event_types should be a dict");
    }

    @Test
    void unknownEventType() {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of("org.openedx.unknown.v1", Map.of())))
                .isInstanceOf(ProducerConfigurationException.class)
                .hasMessage("ProducerConfigurationError : No OpenEdxPublicSignal of type: 'org.openedx.unknown.v1'.");
    }

    @Test
    void topicNotAMapping() {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("t", "yes"))))
                .hasMessage("ProducerConfigurationError " + TYPE
                        + ": One of the configuration objects is not a dictionary [topic 't']");
    }

    @Test
    void missingKeys() {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("t", Map.of("enabled", true)))))
                .hasMessage("ProducerConfigurationError " + TYPE
                        + ": One of the configuration object is missing 'event_key_field' key. [topic 't']");
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("t", Map.of("event_key_field", "k")))))
                .hasMessage("ProducerConfigurationError " + TYPE
                        + ": One of the configuration object is missing 'enabled' key. [topic 't']");
    }

    @Test
    void wrongTypes() {
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("t", topic(5, true)))))
                .hasMessage("ProducerConfigurationError " + TYPE
                        + ": Expected type: <class 'str'> for 'event_key_field', found: <class 'int'> [topic 't']");
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("t", topic("k", 1)))))
                .hasMessage("ProducerConfigurationError " + TYPE
                        + ": Expected type: <class 'bool'> for 'enabled', found: <class 'int'> [topic 't']");
        assertThatThrownBy(() -> ProducerConfig.parse(Map.of(TYPE, Map.of("t", topic("k", "true")))))
                .hasMessageContaining("found: <class 'str'>");
    }

    @Test
    void mergeFollowsUpstreamExample() {
        Map<String, Object> original = Map.of("a", Map.of("t1", topic("k", true)));
        Map<String, Object> t2 = new LinkedHashMap<>();
        t2.put("enabled", true);
        Map<String, Object> aOverrides = new LinkedHashMap<>();
        aOverrides.put("t1", Map.of("enabled", false));
        aOverrides.put("t2", t2);
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("a", aOverrides);
        overrides.put("b", Map.of("t3", Map.of("event_key_field", "z", "dropped", 1)));

        Map<String, Map<String, Map<String, Object>>> merged = ProducerConfig.merge(original, overrides);

        assertThat(merged).isEqualTo(Map.of(
                "a", Map.of("t1", Map.of("enabled", false, "event_key_field", "k"), "t2", Map.of("enabled", true)),
                "b", Map.of("t3", Map.of("event_key_field", "z"))));
        assertThat(original.get("a")).isEqualTo(Map.of("t1", topic("k", true)));
    }

    @Test
    void mergeIgnoresNullOverrides() {
        Map<String, Object> override = new LinkedHashMap<>();
        override.put("enabled", null);
        override.put("event_key_field", "new");
        Map<String, Map<String, Map<String, Object>>> merged = ProducerConfig.merge(
                Map.of("a", Map.of("t", topic("old", true))), Map.of("a", Map.of("t", override)));
        assertThat(merged.get("a").get("t")).isEqualTo(Map.of("enabled", true, "event_key_field", "new"));
    }
}
