package org.openedx.events.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.ProductionMode;
import org.openedx.events.settings.Settings;
import org.openedx.events.settings.TopicConfig;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

class SpringSettingsTest {

    private static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";
    private static final String XBLOCK = "org.openedx.content_authoring.xblock.published.v1";

    @Test
    void relaxedPropertiesAndUpstreamNamesBothGiveSettings() throws IOException {
        Settings settings = settings(yaml("""
                openedx:
                  events:
                    topic-prefix: dev
                    service-name: enrollments
                    redis:
                      connection-url: redis://127.0.0.1:6390/2
                      stream-max-len: 500
                EVENT_BUS_PRODUCER: redis
                """));

        assertThat(settings.raw("EVENT_BUS_TOPIC_PREFIX")).hasValueSatisfying(v -> assertThat(v.value()).isEqualTo("dev"));
        assertThat(settings.raw("EVENTS_SERVICE_NAME")).hasValueSatisfying(
                v -> assertThat(v.value()).isEqualTo("enrollments"));
        assertThat(settings.raw("EVENT_BUS_REDIS_CONNECTION_URL")).hasValueSatisfying(
                v -> assertThat(v.value()).isEqualTo("redis://127.0.0.1:6390/2"));
        assertThat(settings.raw("EVENT_BUS_REDIS_STREAM_MAX_LEN")).hasValueSatisfying(
                v -> assertThat(v.value()).isEqualTo(500));
        assertThat(EventBusSettings.from(settings).producer()).hasValue("redis");
    }

    @Test
    void anEnvironmentVariableWinsOverApplicationYaml() throws IOException {
        StandardEnvironment environment = environment(yaml("""
                openedx.events.topic-prefix: from-yaml
                openedx.events.producer: embedded
                """));
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("OPENEDX_EVENTS_TOPIC_PREFIX", "from-env", "EVENT_BUS_PRODUCER", "redis")));

        Settings settings = SpringSettings.from(environment, false);

        assertThat(EventBusSettings.from(settings).topicPrefix()).hasValue("from-env");
        assertThat(EventBusSettings.from(settings).producer()).hasValue("redis");
    }

    @Test
    void producerConfigAsAYamlMapKeepsTheDotsOfEventTypes() throws IOException {
        Settings settings = settings(yaml("""
                openedx:
                  events:
                    producer-config:
                      org.openedx.learning.auth.session.login.completed.v1:
                        user-login:
                          event_key_field: user.pii.username
                          enabled: true
                      "[org.openedx.content_authoring.xblock.published.v1]":
                        course-authoring-xblock-lifecycle:
                          event_key_field: xblock_info.usage_key
                          enabled: false
                          mode: immediate
                """));

        var config = EventBusSettings.from(settings).producerConfig();
        assertThat(config.eventTypes()).containsExactly(LOGIN, XBLOCK);
        TopicConfig login = config.topics(LOGIN).get("user-login");
        assertThat(login.eventKeyField()).isEqualTo("user.pii.username");
        assertThat(login.enabled()).isTrue();
        TopicConfig xblock = config.topics(XBLOCK).get("course-authoring-xblock-lifecycle");
        assertThat(xblock.enabled()).isFalse();
        assertThat(xblock.modeOr(ProductionMode.ON_COMMIT)).isEqualTo(ProductionMode.IMMEDIATE);
    }

    @Test
    void aPropertiesFileGivesBooleansAsText() {
        Settings settings = settings(new MapPropertySource("application.properties", Map.of(
                "openedx.events.producer-config." + LOGIN + ".user-login.event_key_field", "user.pii.username",
                "openedx.events.producer-config." + LOGIN + ".user-login.enabled", "true",
                "openedx.events.consumer-config.user-login.group_id", "audit",
                "openedx.events.consumer-config.user-login.enabled", "true")));

        EventBusSettings bus = EventBusSettings.from(settings);
        assertThat(bus.producerConfig().topics(LOGIN).get("user-login").enabled()).isTrue();
        assertThat(bus.consumerConfig().enabledSpecs()).containsExactly(ConsumerSpec.of("user-login", "audit"));
    }

    @Test
    void consumerConfigKeepsTheBackendOptions() throws IOException {
        Settings settings = settings(yaml("""
                openedx.events.consumer-config:
                  user-login:
                    group_id: audit
                    enabled: true
                    extra:
                      check_backlog: false
                  course-authoring-xblock-lifecycle:
                    group_id: search
                    enabled: false
                """));

        List<ConsumerSpec> specs = EventBusSettings.from(settings).consumerConfig().enabledSpecs();
        assertThat(specs).containsExactly(new ConsumerSpec("user-login", "audit", Map.of("check_backlog", false)));
    }

    @Test
    void kafkaPropertiesKeepTheirDottedNames() throws IOException {
        Settings settings = settings(yaml("""
                openedx.events.kafka.producer-properties:
                  linger.ms: 5
                  "[max.request.size]": 2000000
                """));

        assertThat(settings.raw("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES")).hasValueSatisfying(v -> assertThat(v.value())
                .isEqualTo(Map.of("linger.ms", 5, "max.request.size", 2000000)));
    }

    @Test
    void aStructuredValueMayAlsoBeYamlText() {
        Settings settings = settings(new MapPropertySource("test", Map.of("openedx.events.producer-config",
                "{" + LOGIN + ": {user-login: {event_key_field: user.pii.username, enabled: true}}}")));

        assertThat(EventBusSettings.from(settings).producerConfig().eventTypes()).containsExactly(LOGIN);
    }

    @Test
    void aWrongValueNamesThePropertyAndTheSetting() {
        StandardEnvironment environment = environment(new MapPropertySource("test",
                Map.of("openedx.events.redis.stream-max-len", "lots")));

        assertThatThrownBy(() -> SpringSettings.from(environment, false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid setting openedx.events.redis.stream-max-len "
                        + "(EVENT_BUS_REDIS_STREAM_MAX_LEN): expected an integer, found String 'lots'");
    }

    @Test
    void anInvalidProducerConfigNamesThePropertyAndKeepsUpstreamsMessage() throws IOException {
        StandardEnvironment environment = environment(yaml("""
                openedx.events.producer-config:
                  org.openedx.learning.auth.session.login.completed.v1:
                    user-login:
                      event_key_field: user.pii.username
                      enabled: maybe
                """));

        assertThatThrownBy(() -> SpringSettings.from(environment, false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid setting openedx.events.producer-config (EVENT_BUS_PRODUCER_CONFIG): ")
                .hasMessageContaining("Expected type: <class 'bool'> for 'enabled'");
    }

    @Test
    void onCommitIsTheDefaultModeWithSpringTransactionsAndAPropertyKeepsImmediate() {
        assertThat(EventBusSettings.from(SpringSettings.from(environment(), true)).producerMode())
                .isEqualTo(ProductionMode.ON_COMMIT);
        assertThat(EventBusSettings.from(SpringSettings.from(environment(), false)).producerMode())
                .isEqualTo(ProductionMode.IMMEDIATE);
        Settings kept = SpringSettings.from(environment(new MapPropertySource("test",
                Map.of("openedx.events.producer-mode", "immediate"))), true);
        assertThat(EventBusSettings.from(kept).producerMode()).isEqualTo(ProductionMode.IMMEDIATE);
    }

    private static Settings settings(PropertySource<?> source) {
        return SpringSettings.from(environment(source), false);
    }

    /** An environment of these sources only: the machine's variables and properties left out. */
    private static StandardEnvironment environment(PropertySource<?>... sources) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        for (PropertySource<?> source : sources) {
            environment.getPropertySources().addLast(source);
        }
        return environment;
    }

    private static PropertySource<?> yaml(String text) throws IOException {
        return new YamlPropertySourceLoader().load("application.yml", new ByteArrayResource(text.getBytes())).get(0);
    }
}
