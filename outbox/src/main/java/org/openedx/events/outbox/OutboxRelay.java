package org.openedx.events.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openedx.events.bus.StoredEventProducer;
import org.openedx.events.outbox.internal.OutboxSql;
import org.openedx.events.outbox.internal.TopicRelay;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox's rows through a producer, in order per topic, and deletes what the
 * broker confirmed. Several relays may run over one table (in one process or many): a relay
 * publishes a topic's batch while it holds the topic's row locked in its database transaction
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}), so a topic has one publisher at a time and the
 * others go on with other topics. If a relay dies, its transaction ends with its connection,
 * the lock with it, and the rows it published but had not deleted are published again:
 * at least once, never reordered. A failure waits with the delivery pipeline's backoff; a row
 * that fails {@code EVENT_BUS_OUTBOX_MAX_ATTEMPTS} times for another reason than the backend
 * being away is parked and its topic waits, never skipped.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final StoredEventProducer producer;
    private final OutboxSettings settings;
    private final DeliverySettings delivery;
    private final Clock clock;
    private final Thread thread;
    private final Object wake = new Object();
    private final AtomicLong published = new AtomicLong();
    private final Map<String, TopicRelay> topics = new HashMap<>();
    private volatile boolean running = true;
    private Connection connection;
    private int databaseFailures;

    private OutboxRelay(DataSource dataSource, StoredEventProducer producer, Settings settings, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.settings = OutboxSettings.from(settings);
        this.delivery = DeliverySettings.from(settings, DeliverySettings.Overrides.NONE);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = new Thread(this::run, "outbox-relay");
        this.thread.setDaemon(true);
    }

    /**
     * Starts a relay on its own thread.
     *
     * @param producer the bus's producer ({@code (StoredEventProducer) bus.producer()}, or one of
     *                 {@code EventBusBackends.producer})
     * @throws org.openedx.events.settings.InvalidSettingException naming an outbox setting that cannot be used
     */
    public static OutboxRelay start(DataSource dataSource, StoredEventProducer producer, Settings settings) {
        return start(dataSource, producer, settings, Clock.systemUTC());
    }

    /** Starts a relay whose backoff follows {@code clock}. */
    public static OutboxRelay start(DataSource dataSource, StoredEventProducer producer, Settings settings,
                                    Clock clock) {
        OutboxRelay relay = new OutboxRelay(dataSource, producer, settings, clock);
        relay.thread.start();
        return relay;
    }

    /** Rows this relay published and deleted so far. */
    public long published() {
        return published.get();
    }

    /** Makes an idle relay look for rows now, e.g. after a commit that wrote some. */
    public void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            int batch = 0;
            try {
                batch = relayEveryTopic();
                databaseFailures = 0;
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                Duration wait = delivery.reconnectDelay(++databaseFailures);
                LOG.warn("The outbox relay cannot read the outbox, tried again in {} ms: {}", wait.toMillis(),
                        Secrets.maskUrlPasswords(String.valueOf(e)));
                pause(wait);
                continue;
            }
            if (batch == 0) {
                pause(settings.pollInterval());
            }
        }
        closeConnection();
    }

    private int relayEveryTopic() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        List<String> names = OutboxSql.topics(connection);
        connection.commit();
        int relayed = 0;
        for (String name : names) {
            TopicRelay topic = topics.computeIfAbsent(name, n -> new TopicRelay(n, producer, delivery,
                    settings.batchSize(), settings.maxAttempts(), settings.sendTimeout(), clock));
            int batch = topic.relayBatch(connection);
            published.addAndGet(batch);
            relayed += batch;
        }
        return relayed;
    }

    private void pause(Duration wait) {
        synchronized (wake) {
            if (running) {
                try {
                    wake.wait(Math.max(1, wait.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the outbox relay's connection failed", e);
            }
            connection = null;
        }
    }

    /** Stops after the batch in hand (its answers awaited, its rows deleted), waiting up to 30 s. */
    @Override
    public void close() {
        running = false;
        wakeUp();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
