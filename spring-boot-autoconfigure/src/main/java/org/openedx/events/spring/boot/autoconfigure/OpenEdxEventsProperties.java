package org.openedx.events.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's own properties. The bus's settings are the other properties under
 * {@code openedx.events} (see the README's "Settings"): {@code openedx.events.producer-config},
 * {@code openedx.events.redis.connection-url} and so on, or their upstream names.
 */
@ConfigurationProperties(PropertyNames.PREFIX)
public class OpenEdxEventsProperties {

    private final Workers workers = new Workers();

    public Workers getWorkers() {
        return workers;
    }

    /** The consumers of {@code EVENT_BUS_CONSUMER_CONFIG} in this application. */
    public static class Workers {

        /**
         * Whether this application runs the consumers of EVENT_BUS_CONSUMER_CONFIG (from when it is
         * ready until it shuts down); false for a node that only produces.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
