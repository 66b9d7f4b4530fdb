package org.openedx.events.spring.boot.autoconfigure;

import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.openedx.events.bus.EventBus;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.outbox.OutboxRelay;
import org.openedx.events.outbox.OutboxSettings;
import org.springframework.context.SmartLifecycle;

/**
 * The outbox relay in the application's lifecycle: it starts before the web server takes requests
 * and stops after the web server's graceful shutdown (after the batch in hand, its answers awaited
 * and its rows deleted), so that the events of the last requests are relayed, and before the bus
 * closes its producer. What it has not relayed stays in the outbox for the next start.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {

    /** Below the web server's phases, which stop first. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final DataSource dataSource;
    private final EventBus bus;
    private final Clock clock;
    private volatile OutboxRelay relay;

    /**
     * @throws org.openedx.events.settings.InvalidSettingException naming an outbox setting that cannot be used
     */
    OutboxRelayLifecycle(DataSource dataSource, EventBus bus, Clock clock) {
        OutboxSettings.from(bus.settings());
        this.dataSource = dataSource;
        this.bus = bus;
        this.clock = clock;
    }

    /** The running relay; empty before the context starts and after it stopped. */
    public Optional<OutboxRelay> relay() {
        return Optional.ofNullable(relay);
    }

    @Override
    public synchronized void start() {
        if (relay == null) {
            relay = OutboxRelay.start(dataSource, (StoredEventProducer) bus.producer(), bus.settings(), clock);
        }
    }

    @Override
    public synchronized void stop() {
        if (relay != null) {
            relay.close();
            relay = null;
        }
    }

    @Override
    public boolean isRunning() {
        return relay != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
