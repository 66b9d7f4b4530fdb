package org.openedx.events.bus.spi;

import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.MetadataReader;

/**
 * Decodes envelopes of metadata fields and event-data bytes, as the Redis and embedded buses
 * carry them: metadata read as {@link MetadataReader} does (strict UTF-8, upstream's defaults and
 * errors), the signal found by type, the data decoded by the codec. Any failure makes the
 * message {@link DecodeResult.Undecodable}. Not thread-safe: one per consumer.
 */
public final class EnvelopeDecoder {

    private final MetadataReader metadata;
    private final EventCodec codec;

    /**
     * @param idRequired whether a message without an id is unusable rather than given a new one
     */
    public EnvelopeDecoder(MetadataCodec names, boolean idRequired, EventCodec codec) {
        this.metadata = new MetadataReader(names, idRequired);
        this.codec = codec;
    }

    /** The position of a metadata field among the values {@link #decode} takes, or -1 for another name. */
    public int indexOf(String name) {
        return metadata.indexOf(name);
    }

    /** How many metadata values {@link #decode} takes. */
    public int fields() {
        return metadata.fields();
    }

    /**
     * @param metadataValues the UTF-8 value of each metadata field, in the codec's order; null when missing
     * @param eventData      the event data's bytes; null when missing
     */
    public DecodeResult decode(byte[][] metadataValues, byte[] eventData) {
        try {
            EventsMetadata read = metadata.read(metadataValues);
            if (eventData == null) {
                throw new org.openedx.events.wire.UnusableMessageException(
                        "Error determining metadata from message headers: b'event_data'");
            }
            OpenEdxPublicSignal signal = SignalRegistry.get(read.eventType());
            EventData data = codec.deserialize(signal, eventData);
            return new DecodeResult.Decoded(signal, read, data);
        } catch (RuntimeException e) {
            return new DecodeResult.Undecodable(e);
        }
    }
}
