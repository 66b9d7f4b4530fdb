package org.openedx.events.opentelemetry;

import java.util.List;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;

/** The settings of the OpenTelemetry tracing module. */
public final class OpenTelemetrySettings {

    public static final Setting<Boolean> EVENT_BUS_TRACING_ENABLED = Setting.bool("EVENT_BUS_TRACING_ENABLED", false,
            "Trace sends and handled events with OpenTelemetry (GlobalOpenTelemetry) and carry the W3C trace "
                    + "context with each event; needs openedx-events-opentelemetry on the class path.");

    private OpenTelemetrySettings() {
    }

    /** Lists the module's settings for tools. */
    public static final class Definitions implements SettingDefinitions {
        @Override
        public String module() {
            return "opentelemetry";
        }

        @Override
        public List<Setting<?>> settings() {
            return List.of(EVENT_BUS_TRACING_ENABLED);
        }
    }
}
