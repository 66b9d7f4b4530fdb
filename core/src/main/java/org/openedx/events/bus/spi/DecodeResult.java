package org.openedx.events.bus.spi;

import java.util.Objects;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.InboundEvent;

/** What decoding a message gave: the event, or why there is none. */
public sealed interface DecodeResult {

    /** The event of the message. */
    record Decoded(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data)
            implements DecodeResult, InboundEvent {
        public Decoded {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(data, "data");
        }
    }

    /** The message can never be decoded (bad metadata, unknown type, bad bytes): it goes to the dead letters. */
    record Undecodable(RuntimeException error) implements DecodeResult {
        public Undecodable {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The message cannot be decoded yet (the schema registry does not answer): decode it again later. */
    record NotYetDecodable(RuntimeException error) implements DecodeResult {
        public NotYetDecodable {
            Objects.requireNonNull(error, "error");
        }
    }
}
