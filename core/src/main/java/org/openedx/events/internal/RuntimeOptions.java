package org.openedx.events.internal;

import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;

/**
 * What sending reads on every event: the {@code source} for new metadata and whether sends
 * are plain (upstream's Django {@code DEBUG}).
 */
public record RuntimeOptions(String source, boolean debug) {

    /**
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting of the wrong type
     */
    public static RuntimeOptions of(Settings settings) {
        String service = EventBusSettings.serviceName(settings).orElse("SERVICE_NAME_UNSET");
        return new RuntimeOptions("openedx/" + service + "/web", settings.get(EventBusSettings.DEBUG));
    }
}
