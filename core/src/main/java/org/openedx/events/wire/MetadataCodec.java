package org.openedx.events.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openedx.events.EventsMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata to and from the text fields a message carries, the one place every backend uses:
 * bare names as Redis stream fields and the embedded store use them, or CloudEvents
 * {@code ce_} names as Kafka headers use them. Fields are written in the upstream order.
 */
public enum MetadataCodec {

    /** {@code type, id, source, time, minorversion, sourcehost, sourcelib} (Redis, embedded). */
    BARE_FIELDS("type", "id", "source", "time", "minorversion", "sourcehost", "sourcelib"),
    /** {@code ce_type, ce_id, ce_source, ce_time, ce_minorversion, sourcehost, sourcelib} (Kafka). */
    CLOUD_EVENTS_HEADERS("ce_type", "ce_id", "ce_source", "ce_time", "ce_minorversion", "sourcehost", "sourcelib");

    private static final Logger LOG = LoggerFactory.getLogger(MetadataCodec.class);

    private final String type;
    private final String id;
    private final String source;
    private final String time;
    private final String minorversion;
    private final String sourcehost;
    private final String sourcelib;

    MetadataCodec(String type, String id, String source, String time, String minorversion, String sourcehost,
                  String sourcelib) {
        this.type = type;
        this.id = id;
        this.source = source;
        this.time = time;
        this.minorversion = minorversion;
        this.sourcehost = sourcehost;
        this.sourcelib = sourcelib;
    }

    /** The field names in wire order. */
    public List<String> names() {
        return List.of(type, id, source, time, minorversion, sourcehost, sourcelib);
    }

    /** The name of the event type field. */
    public String typeField() {
        return type;
    }

    /** The name of the event id field. */
    public String idField() {
        return id;
    }

    /** The name of the event time field. */
    public String timeField() {
        return time;
    }

    /** The fields of the metadata as UTF-8 text, in wire order. */
    public Map<String, String> toFields(EventsMetadata metadata) {
        Map<String, String> fields = new LinkedHashMap<>(10);
        fields.put(type, metadata.eventType());
        fields.put(id, metadata.id().toString());
        fields.put(source, metadata.source());
        fields.put(time, metadata.timeText());
        fields.put(minorversion, Integer.toString(metadata.minorversion()));
        fields.put(sourcehost, metadata.sourcehost());
        fields.put(sourcelib, metadata.sourcelibText());
        return fields;
    }

    /**
     * Metadata from message fields. A field that is absent or empty gets the default computed
     * here, on the consumer, as upstream does (with a warning); the event type is required,
     * and so is the id when {@code idRequired} (Kafka).
     *
     * @param lookup the value of a field, or {@code null}
     * @throws UnusableMessageException naming the field that is missing or does not parse
     */
    public EventsMetadata fromFields(Function<String, String> lookup, boolean idRequired) {
        String eventType = lookup.apply(type);
        if (eventType == null || eventType.isEmpty()) {
            throw new UnusableMessageException("Missing \"" + type + "\" field on message, cannot determine signal");
        }
        try {
            EventsMetadata.Builder builder = EventsMetadata.builder(eventType);
            String idText = present(lookup, id);
            if (idText != null) {
                builder.id(PythonUuid.parse(idText));
            } else if (idRequired) {
                throw new UnusableMessageException("Missing \"" + id + "\" header on message, cannot continue");
            }
            String sourceText = present(lookup, source);
            if (sourceText != null) {
                builder.source(sourceText);
            }
            String timeText = present(lookup, time);
            if (timeText != null) {
                builder.time(IsoDateTimes.parseAware(timeText));
            }
            String minorText = present(lookup, minorversion);
            if (minorText != null) {
                builder.minorversion(Integer.parseInt(minorText));
            }
            String hostText = present(lookup, sourcehost);
            if (hostText != null) {
                builder.sourcehost(hostText);
            }
            String libText = present(lookup, sourcelib);
            if (libText != null) {
                builder.sourcelib(EventsMetadata.parseSourcelib(libText));
            }
            return builder.build();
        } catch (UnusableMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnusableMessageException("Error determining metadata from message headers: " + e.getMessage(), e);
        }
    }

    private static String present(Function<String, String> lookup, String name) {
        String value = lookup.apply(name);
        if (value == null || value.isEmpty()) {
            LOG.warn("Missing \"{}\" header on message, will use EventsMetadata default", name);
            return null;
        }
        return value;
    }
}
