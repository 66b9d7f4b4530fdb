package org.openedx.events.embedded;

import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.embedded.internal.SqliteStore;
import org.openedx.events.wire.EventKeys;
import org.openedx.events.wire.IsoDateTimes;
import org.openedx.events.wire.MetadataCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends events to the embedded store; each send is durable when it returns. A send that
 * fails is logged with the event's data and metadata (enough to send it again) and counted,
 * and the next {@link #flush(Duration)} reports it.
 */
public final class EmbeddedProducer implements EventBusProducer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedProducer.class);
    private static final long MAINTENANCE_MILLIS = 500;

    private final EmbeddedSettings settings;
    private final SqliteStore store;
    private final AvroEventSerializer serializer;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final SqliteStore maintenanceStore;
    private final ScheduledExecutorService maintenance;
    private long failures;
    private long failuresSinceFlush;

    public EmbeddedProducer(EmbeddedSettings settings, AvroEventSerializer serializer) {
        this.settings = settings;
        this.store = new SqliteStore(settings);
        this.serializer = serializer;
        store.disableAutoCheckpoint();
        this.maintenanceStore = new SqliteStore(settings);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-bus-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        maintenance.scheduleWithFixedDelay(this::maintain, MAINTENANCE_MILLIS, MAINTENANCE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void send(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData eventData,
                                  EventsMetadata metadata) {
        String fullTopic = settings.fullTopic(topic);
        try {
            byte[] bytes = serializer.serialize(signal, eventData);
            store.append(fullTopic, MetadataCodec.BARE_FIELDS.toFields(metadata), keyText(eventKeyField, eventData),
                    bytes);
        } catch (RuntimeException e) {
            failures++;
            failuresSinceFlush++;
            LOG.error("Failed to send event {} of type {} to topic {}: {}. Event data: {}; metadata: {}",
                    metadata.id(), signal.eventType(), fullTopic, e.getMessage(), eventData, metadata.toJson(), e);
            return;
        }
        topics.add(fullTopic);
    }

    /** The key text, or null (and a warning) when the path does not resolve: the event is kept either way. */
    private static String keyText(String eventKeyField, EventData data) {
        if (eventKeyField == null || eventKeyField.isBlank()) {
            return null;
        }
        try {
            Object key = EventKeys.extract(data, eventKeyField);
            return key == null ? null : key instanceof Temporal time ? IsoDateTimes.format(time) : key.toString();
        } catch (RuntimeException e) {
            LOG.warn("Storing the event without a key: {}", e.getMessage());
            return null;
        }
    }

    /**
     * Checkpoints the WAL and applies retention off the sending thread, so that a send only
     * ever pays for its own insert.
     */
    private void maintain() {
        try {
            Long minStored = settings.maxAge() == null ? null
                    : System.currentTimeMillis() - settings.maxAge().toMillis();
            for (String topic : topics) {
                maintenanceStore.trim(topic, settings.maxMessages(), minStored, settings.trimUnconsumed());
            }
            maintenanceStore.checkpoint();
        } catch (RuntimeException e) {
            LOG.warn("Maintenance of the embedded store failed and will be tried again: {}", e.getMessage());
        }
    }

    /** Sends are durable as they return; this reports whether any failed since the last flush. */
    @Override
    public synchronized boolean flush(Duration timeout) {
        boolean allDelivered = failuresSinceFlush == 0;
        failuresSinceFlush = 0;
        return allDelivered;
    }

    /** Sends that failed since this producer was created. */
    public synchronized long failures() {
        return failures;
    }

    @Override
    public void close() {
        maintenance.shutdown();
        try {
            if (!maintenance.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Maintenance of the embedded store did not finish in 10 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        maintain();
        maintenanceStore.close();
        synchronized (this) {
            store.close();
        }
    }
}
