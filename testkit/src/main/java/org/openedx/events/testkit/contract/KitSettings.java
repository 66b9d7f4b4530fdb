package org.openedx.events.testkit.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/** The settings every contract test of the kit starts from, for one backend and one run. */
final class KitSettings {

    private KitSettings() {
    }

    /**
     * The backend as producer and consumer, the run's topic prefix, short retry delays, no audit
     * lines, then the backend's settings, then {@code more} (name, value, ...).
     */
    static Map<String, Object> values(String backend, String run, Map<String, Object> backendSettings,
                                      Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", backend);
        values.put("EVENT_BUS_CONSUMER", backend);
        values.put("EVENT_BUS_TOPIC_PREFIX", run);
        values.put("EVENT_BUS_CONSUMER_RETRY_DELAY", 0.01);
        values.put("EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP", 0.1);
        values.put("EVENT_BUS_AUDIT_LOGGING_ENABLED", false);
        values.putAll(backendSettings);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return values;
    }
}
