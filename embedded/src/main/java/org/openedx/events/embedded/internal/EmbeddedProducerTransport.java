package org.openedx.events.embedded.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.wire.MetadataCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events to the embedded store; each write is durable when it returns, so each event
 * is confirmed at once. Concurrent writes share a commit ({@link GroupCommit}). WAL checkpoints and retention run on a maintenance thread; the sending
 * thread truncates the log only when that thread has fallen far behind.
 */
public final class EmbeddedProducerTransport implements ProducerTransport {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedProducerTransport.class);
    private static final long MAINTENANCE_MILLIS = 500;
    /** How often the log is checkpointed: at full speed it grows by a few megabytes in this time. */
    private static final long WAL_WATCH_MILLIS = 25;
    /** Beyond this the log is checkpointed and truncated, whatever the readers and writers are doing. */
    static final long WAL_TRUNCATE_BYTES = 16L * 1024 * 1024;
    /**
     * Beyond this the sending thread truncates the log itself, waiting for it if need be: the
     * maintenance thread fell behind (a long retention pass, a starved CPU), and the log would
     * otherwise grow by megabytes for every 10 ms it waits. A send then waits a little instead.
     */
    private static final long WAL_SENDER_BOUND_BYTES = 2 * WAL_TRUNCATE_BYTES;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final EmbeddedSettings settings;
    private final Clock clock;
    private final GroupCommit appends;
    private final Function<EncodedEvent, String> attributes;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final SqliteStore maintenanceStore;
    private final ScheduledExecutorService maintenance;

    public EmbeddedProducerTransport(EmbeddedSettings settings, Clock clock) {
        this(settings, clock, EmbeddedSettings.EVENT_BUS_EMBEDDED_PATH.name(), event -> null);
    }

    /**
     * @param pathSetting the setting that names the file, for error messages
     * @param attributes  the {@code attributes} column's JSON text of an event, or null
     */
    EmbeddedProducerTransport(EmbeddedSettings settings, Clock clock, String pathSetting,
                              Function<EncodedEvent, String> attributes) {
        this.settings = settings;
        this.clock = clock;
        this.attributes = attributes;
        this.appends = new GroupCommit(new SqliteStore(settings, pathSetting), WAL_SENDER_BOUND_BYTES, CLOSE_TIMEOUT);
        this.maintenanceStore = new SqliteStore(settings, pathSetting);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-bus-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        maintenance.scheduleWithFixedDelay(this::maintain, MAINTENANCE_MILLIS, MAINTENANCE_MILLIS,
                TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::boundWal, WAL_WATCH_MILLIS, WAL_WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void write(EncodedEvent event, WriteCallback callback) {
        long position;
        try {
            position = appends.append(new SqliteStore.Append(event.fullTopic(),
                    MetadataCodec.BARE_FIELDS.toFields(event.event().metadata()), event.keyText(), event.value(),
                    clock.millis(), attributes.apply(event), TraceContextColumn.write(event.traceContext())));
        } catch (RuntimeException e) {
            callback.failed(event, e);
            return;
        }
        topics.add(event.fullTopic());
        callback.delivered(event, Long.toString(position));
    }

    /** Writes are durable as they return: nothing is ever in flight for long. */
    @Override
    public Duration deliveryTimeout() {
        return CLOSE_TIMEOUT;
    }

    /** Applies retention off the sending thread, so that a send only ever pays for its own insert. */
    private void maintain() {
        try {
            Long minStored = settings.maxAge() == null ? null : clock.millis() - settings.maxAge().toMillis();
            for (String topic : topics) {
                maintenanceStore.trim(topic, settings.maxMessages(), minStored, settings.trimUnconsumed());
            }
        } catch (RuntimeException e) {
            LOG.warn("Maintenance of the embedded store failed and will be tried again: {}", e.getMessage());
        }
    }

    /**
     * Keeps the write-ahead log bounded under continuous load: a passive checkpoint, which never
     * blocks a send, copies what it can; when the log has still grown past its bound (a busy
     * writer keeps a passive checkpoint from ever restarting it), a truncating one finishes the
     * job, with the sends waiting for the few frames left.
     */
    private void boundWal() {
        try {
            maintenanceStore.checkpoint();
            maintenanceStore.boundWal(WAL_TRUNCATE_BYTES);
        } catch (RuntimeException e) {
            LOG.warn("Checkpointing the embedded store's log failed and will be tried again: {}", e.getMessage());
        }
    }

    @Override
    public void close(Duration timeout) {
        maintenance.shutdown();
        try {
            if (!maintenance.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Maintenance of the embedded store did not finish in {} ms", timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        maintain();
        boundWal();
        maintenanceStore.close();
        appends.close();
    }
}
