package org.openedx.events.outbox;

import java.time.Duration;
import java.util.List;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.settings.Validator;

/**
 * How the outbox relay works, and where the command line finds the outbox.
 *
 * @param batchSize    rows a relay publishes per topic in one database transaction
 * @param maxAttempts  failed attempts after which a row is parked (its topic's relay stops) when the
 *                     failure is not the backend being away
 * @param pollInterval the pause of an idle relay before it looks for rows again
 * @param sendTimeout  the longest wait for the broker's answers to one batch
 */
public record OutboxSettings(int batchSize, int maxAttempts, Duration pollInterval, Duration sendTimeout) {

    public static final Setting<Integer> EVENT_BUS_OUTBOX_BATCH_SIZE = Setting.integer("EVENT_BUS_OUTBOX_BATCH_SIZE",
            100, "Rows the outbox relay publishes per topic in one database transaction (and deletes after).")
            .validatedBy(Validator.atLeast(1));
    public static final Setting<Integer> EVENT_BUS_OUTBOX_MAX_ATTEMPTS = Setting.integer(
            "EVENT_BUS_OUTBOX_MAX_ATTEMPTS", 10, "Failed attempts after which an outbox row is parked and its "
                    + "topic's relay stops; a backend that cannot be reached never parks a row.")
            .validatedBy(Validator.atLeast(1));
    public static final Setting<Duration> EVENT_BUS_OUTBOX_POLL_INTERVAL = Setting.seconds(
            "EVENT_BUS_OUTBOX_POLL_INTERVAL", 0.05, "Seconds an idle outbox relay waits before it looks for rows again.")
            .validatedBy(Validator.atLeast(Duration.ofMillis(1)));
    public static final Setting<Duration> EVENT_BUS_OUTBOX_SEND_TIMEOUT = Setting.seconds(
            "EVENT_BUS_OUTBOX_SEND_TIMEOUT", 120.0, "Seconds the outbox relay waits for the broker's answers to one "
                    + "batch; what is unanswered then is tried again.").validatedBy(Validator.atLeast(Duration.ofMillis(1)));
    public static final Setting<String> EVENT_BUS_OUTBOX_DATABASE_URL = Setting.string("EVENT_BUS_OUTBOX_DATABASE_URL",
            null, "The JDBC URL of the outbox's database, for the command line (openedx-events outbox).");
    public static final Setting<String> EVENT_BUS_OUTBOX_DATABASE_USER = Setting.string(
            "EVENT_BUS_OUTBOX_DATABASE_USER", null, "The database user of EVENT_BUS_OUTBOX_DATABASE_URL.");
    public static final Setting<String> EVENT_BUS_OUTBOX_DATABASE_PASSWORD = Setting.secret(
            "EVENT_BUS_OUTBOX_DATABASE_PASSWORD", "The password of EVENT_BUS_OUTBOX_DATABASE_USER.");

    /** Every outbox setting, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_OUTBOX_BATCH_SIZE, EVENT_BUS_OUTBOX_MAX_ATTEMPTS,
            EVENT_BUS_OUTBOX_POLL_INTERVAL, EVENT_BUS_OUTBOX_SEND_TIMEOUT, EVENT_BUS_OUTBOX_DATABASE_URL,
            EVENT_BUS_OUTBOX_DATABASE_USER, EVENT_BUS_OUTBOX_DATABASE_PASSWORD);

    /**
     * The relay's settings.
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting that cannot be used
     */
    public static OutboxSettings from(Settings settings) {
        return new OutboxSettings(settings.get(EVENT_BUS_OUTBOX_BATCH_SIZE), settings.get(EVENT_BUS_OUTBOX_MAX_ATTEMPTS),
                settings.get(EVENT_BUS_OUTBOX_POLL_INTERVAL), settings.get(EVENT_BUS_OUTBOX_SEND_TIMEOUT));
    }

    /** Lists the outbox's settings for tools. */
    public static final class Definitions implements SettingDefinitions {
        @Override
        public String module() {
            return "outbox";
        }

        @Override
        public List<Setting<?>> settings() {
            return ALL;
        }
    }
}
