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
    private final Outbox outbox = new Outbox();

    public Workers getWorkers() {
        return workers;
    }

    public Outbox getOutbox() {
        return outbox;
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

    /** The transactional outbox, when a topic is in outbox mode and openedx-events-outbox is on the class path. */
    public static class Outbox {

        /**
         * Whether the application creates and upgrades the outbox's table at start-up (the Flyway
         * migrations of openedx-events-outbox, with their own history table, after the application's
         * own migrations); false when the table is created another way.
         */
        private boolean migrate = true;

        public boolean isMigrate() {
            return migrate;
        }

        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }
    }
}
