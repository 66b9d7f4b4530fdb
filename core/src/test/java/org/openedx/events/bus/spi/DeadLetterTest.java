package org.openedx.events.bus.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final Instant TIME = Instant.parse("2024-01-02T03:04:05.000006Z");

    @Test
    void attributesHaveTheSameNamesAndOrderOnEveryBackendAndReadBack() {
        DeadLetter letter = DeadLetter.of(new IllegalStateException("receiver failed"), 4, "dev-user-login", "3:17",
                "group", "c1", TIME);
        assertThat(letter.attributes()).containsExactly(
                java.util.Map.entry("error_type", "java.lang.IllegalStateException"),
                java.util.Map.entry("error", "receiver failed"),
                java.util.Map.entry("attempts", "4"),
                java.util.Map.entry("original_topic", "dev-user-login"),
                java.util.Map.entry("original_position", "3:17"),
                java.util.Map.entry("consumer_group", "group"),
                java.util.Map.entry("consumer_name", "c1"),
                java.util.Map.entry("dead_lettered_at", "2024-01-02T03:04:05.000006+00:00"));
        assertThat(DeadLetter.fromAttributes(letter.attributes()::get)).contains(letter);
        assertThat(DeadLetter.fromAttributes(name -> null)).isEmpty();
    }

    @Test
    void longErrorsAreCutAtTheStatedLength() {
        DeadLetter letter = DeadLetter.of(new RuntimeException("x".repeat(10_000)), 1, "t", "1", "g", null, TIME);
        assertThat(letter.error()).hasSize(DeadLetter.MAX_ERROR_LENGTH).endsWith("...");
        assertThat(letter.attributes()).doesNotContainKey("consumer_name");
    }

    @Test
    void deadLetterTopicsAreNamedAndRecognised() {
        assertThat(DeadLetter.topicOf("dev-user-login")).isEqualTo("dev-user-login-dead-letter");
        assertThat(DeadLetter.isDeadLetterTopic("dev-user-login-dead-letter")).isTrue();
        assertThat(DeadLetter.isDeadLetterTopic("dev-user-login")).isFalse();
    }
}
