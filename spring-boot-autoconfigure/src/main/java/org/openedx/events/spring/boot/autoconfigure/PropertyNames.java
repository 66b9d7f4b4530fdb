package org.openedx.events.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.Set;

/**
 * The Spring property of each setting: {@code openedx.events.} and the upstream name without its
 * {@code EVENT_BUS_} or {@code EVENTS_} prefix, in kebab case, with a backend's settings under the
 * backend's name ({@code EVENT_BUS_REDIS_CONNECTION_URL} is {@code openedx.events.redis.connection-url}).
 */
final class PropertyNames {

    static final String PREFIX = "openedx.events";

    /** The modules whose settings sit one level down, named as the modules name themselves. */
    private static final Set<String> BACKENDS = Set.of("redis", "kafka", "embedded", "outbox");

    private PropertyNames() {
    }

    /** The property of the setting with this upstream name. */
    static String of(String settingName) {
        String rest = settingName;
        for (String prefix : new String[] {"EVENT_BUS_", "EVENTS_"}) {
            if (rest.startsWith(prefix)) {
                rest = rest.substring(prefix.length());
                break;
            }
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        for (String backend : BACKENDS) {
            if (lower.startsWith(backend + "_")) {
                return PREFIX + "." + backend + "." + kebab(lower.substring(backend.length() + 1));
            }
        }
        return PREFIX + "." + kebab(lower);
    }

    private static String kebab(String snake) {
        return snake.replace('_', '-');
    }
}
