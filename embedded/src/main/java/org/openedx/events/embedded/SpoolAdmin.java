package org.openedx.events.embedded;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.openedx.events.embedded.internal.SpoolLedger;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.settings.Settings;

/**
 * What tools ask of a producer's spool ({@code EVENT_BUS_PRODUCER_MODE=spool}): what waits per
 * topic, its events, and the handling of parked events (tried again, or removed on purpose). Only
 * parked events can be retried or purged: an event the forwarder may be sending is never touched.
 * A running forwarder notices a retry or a purge within a second and forwards the topic again.
 * Holds a connection to the spool's file until closed; not thread-safe.
 */
public final class SpoolAdmin implements AutoCloseable {

    private final SqliteStore store;
    private final SpoolLedger ledger;
    private final Clock clock;

    /**
     * The spool of these settings (those of {@link EmbeddedSettings#spool}).
     *
     * @throws EmbeddedBusException naming the file and {@code EVENT_BUS_SPOOL_PATH} when there is no spool there
     */
    public SpoolAdmin(EmbeddedSettings spool, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!Files.exists(spool.path())) {
            throw new EmbeddedBusException("There is no spool at " + spool.path().toAbsolutePath() + " ("
                    + EmbeddedSettings.EVENT_BUS_SPOOL_PATH.name() + ")", null);
        }
        this.store = new SqliteStore(spool, EmbeddedSettings.EVENT_BUS_SPOOL_PATH.name());
        try {
            this.ledger = new SpoolLedger(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The spool the settings name ({@code EVENT_BUS_SPOOL_PATH}, else {@code spool.db} beside the embedded bus's file).
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting with a value that cannot be used
     */
    public static SpoolAdmin fromSettings(Settings settings) {
        return new SpoolAdmin(EmbeddedSettings.spool(settings), Clock.systemUTC());
    }

    /** Each topic with events waiting, by name. */
    public List<SpoolTopicStatus> status() {
        return ledger.status(clock.millis());
    }

    /**
     * Events in order, at most {@code limit}.
     *
     * @param topic      only this topic's (as on the bus), or null for all
     * @param parkedOnly only parked events
     */
    public List<SpoolEvent> list(String topic, boolean parkedOnly, int limit) {
        return ledger.events(topic, parkedOnly, Math.max(1, limit));
    }

    /**
     * Unparks parked events, their attempts reset, so that their topics are forwarded again.
     *
     * @param topic     only this topic's, or null for all
     * @param positions only these, or empty for all
     * @return the events unparked
     */
    public int retry(String topic, List<Long> positions) {
        return ledger.retry(topic, positions);
    }

    /**
     * Removes parked events: they are never forwarded.
     *
     * @param topic     only this topic's, or null for all
     * @param positions only these, or empty for all
     * @return the events removed
     */
    public int purge(String topic, List<Long> positions) {
        return ledger.purge(topic, positions);
    }

    @Override
    public void close() {
        store.close();
    }
}
