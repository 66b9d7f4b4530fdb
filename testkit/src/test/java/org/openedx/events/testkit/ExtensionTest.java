package org.openedx.events.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;

@EnableOpenEdxEvents("org.openedx.testkit.extension.enabled.v1")
class ExtensionTest {

    static final OpenEdxPublicSignal ENABLED = OpenEdxPublicSignal.builder("org.openedx.testkit.extension.enabled.v1")
            .data("text", String.class).build();
    static final OpenEdxPublicSignal DISABLED = OpenEdxPublicSignal.builder("org.openedx.testkit.extension.disabled.v1")
            .data("text", String.class).build();

    @Test
    void onlyTheNamedEventsAreEnabled() {
        assertThat(ENABLED.isEnabled()).isTrue();
        assertThat(ENABLED.allowsSendEventFailure()).isTrue();
        assertThat(DISABLED.isEnabled()).isFalse();
        assertThat(SignalRegistry.find(ENABLED.eventType())).contains(ENABLED);
    }
}
