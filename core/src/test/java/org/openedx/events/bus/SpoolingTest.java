package org.openedx.events.bus;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openedx.events.settings.Settings;

/** Core alone has no spool: the embedded module provides it. */
class SpoolingTest {

    @Test
    void spoolModeWithoutTheEmbeddedModuleNamesTheSettingAndTheModule() {
        assertThatThrownBy(() -> EventBusBackends.producer(Settings.of(Map.of("EVENT_BUS_PRODUCER", "recording",
                "EVENT_BUS_PRODUCER_MODE", "spool"))))
                .isInstanceOf(EventBusConfigurationException.class)
                .hasMessageContaining("EVENT_BUS_PRODUCER_MODE")
                .hasMessageContaining("openedx-events-embedded");
    }
}
