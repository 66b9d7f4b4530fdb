package org.openedx.events.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openedx.events.EventData;
import org.openedx.events.Nullable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.settings.Settings;

/** A signal and settings for the embedded bus tests. */
final class EmbeddedFixtures {

    record Greeting(long number, String text, @Nullable Boolean loud) {
    }

    static final String EVENT_TYPE = "org.openedx.test.embedded.greeting.v1";

    static final OpenEdxPublicSignal SIGNAL = OpenEdxPublicSignal.builder(EVENT_TYPE)
            .data("greeting", Greeting.class).eventKeyField("greeting.text").build();

    private EmbeddedFixtures() {
    }

    static EventData greeting(long number) {
        return EventData.of("greeting", new Greeting(number, "hello " + number, number % 2 == 0 ? null : false));
    }

    static Settings settings(Path store, Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "embedded");
        values.put("EVENT_BUS_CONSUMER", "embedded");
        values.put("EVENT_BUS_EMBEDDED_PATH", store.toString());
        values.put("EVENT_BUS_TOPIC_PREFIX", "test");
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return Settings.of(values);
    }
}
