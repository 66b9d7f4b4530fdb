package org.openedx.events.embedded;

import java.time.Duration;
import java.time.temporal.Temporal;
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
    private static final int SENDS_BETWEEN_TRIMS = 1000;

    private final EmbeddedSettings settings;
    private final SqliteStore store;
    private final AvroEventSerializer serializer;
    private long sendsSinceTrim;
    private long failures;
    private long failuresSinceFlush;

    public EmbeddedProducer(EmbeddedSettings settings, AvroEventSerializer serializer) {
        this.settings = settings;
        this.store = new SqliteStore(settings);
        this.serializer = serializer;
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
        if (++sendsSinceTrim >= SENDS_BETWEEN_TRIMS) {
            sendsSinceTrim = 0;
            trim(fullTopic);
        }
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

    private void trim(String fullTopic) {
        Long minStored = settings.maxAge() == null ? null : System.currentTimeMillis() - settings.maxAge().toMillis();
        try {
            store.trim(fullTopic, settings.maxMessages(), minStored, settings.trimUnconsumed());
        } catch (RuntimeException e) {
            LOG.warn("Retention of topic {} failed and will be tried again: {}", fullTopic, e.getMessage());
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
    public synchronized void close() {
        store.close();
    }
}
