package org.openedx.events.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When an event sent in-process reaches the bus (upstream ADR 0015, "production modes"): per
 * topic entry of {@code EVENT_BUS_PRODUCER_CONFIG} ({@code mode}), else {@code EVENT_BUS_PRODUCER_MODE}.
 */
public enum ProductionMode {
    /** Handed to the producer at once, whether or not a transaction surrounds the send. */
    IMMEDIATE("immediate"),
    /**
     * Handed to the producer after the sender's transaction commits, never after a rollback; at once
     * when no transaction surrounds the send. Which transaction is current is told by a
     * {@link org.openedx.events.bus.TransactionHook}.
     */
    ON_COMMIT("on_commit"),
    /**
     * Written, encoded, into an outbox table in the sender's transaction (or at once when none
     * surrounds the send), and published by a relay: nothing is lost if the process dies or the
     * broker is away, and nothing is published for a rollback. Needs an
     * {@link org.openedx.events.bus.OutboxWriter} (the {@code openedx-events-outbox} module).
     */
    OUTBOX("outbox"),
    /**
     * Stored first in a local spool file ({@code EVENT_BUS_SPOOL_PATH}), durable when the send
     * returns, then forwarded in order to the backend by a thread of the producer, each event
     * removed from the spool once the backend confirmed it: a broker outage or a crash of the
     * process loses nothing that was sent, for a service without a database of its own. Needs the
     * {@code openedx-events-embedded} module, which holds the spool
     * ({@link org.openedx.events.bus.spi.ProducerSpool}).
     */
    SPOOL("spool");

    private final String settingValue;

    ProductionMode(String settingValue) {
        this.settingValue = settingValue;
    }

    /** The mode as settings spell it. */
    public String settingValue() {
        return settingValue;
    }

    /** As settings spell it, so that {@code openedx-events settings} shows what one would write. */
    @Override
    public String toString() {
        return settingValue;
    }

    /** The mode a setting's text names, in any case. */
    public static Optional<ProductionMode> of(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.settingValue.equals(wanted)).findFirst();
    }

    /** The accepted spellings, for error messages. */
    public static String choices() {
        return Arrays.stream(values()).map(m -> "'" + m.settingValue + "'").collect(Collectors.joining(", "));
    }
}
