package org.openedx.events.bus.spi;

import java.util.Objects;
import java.util.Optional;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.InboundEvent;

/** What decoding a message gave: the event, or why there is none. */
public sealed interface DecodeResult {

    /**
     * The event of the message.
     *
     * @param letter why it was given up on, when the message is a dead letter; else null
     */
    record Decoded(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data, DeadLetter letter)
            implements DecodeResult, InboundEvent {
        public Decoded {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(data, "data");
        }

        /** The event of a message that is not a dead letter. */
        public Decoded(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data) {
            this(signal, metadata, data, null);
        }

        /** The same event, read from a dead letter. */
        public Decoded withLetter(DeadLetter deadLetter) {
            return new Decoded(signal, metadata, data, deadLetter);
        }

        @Override
        public Optional<DeadLetter> deadLetter() {
            return Optional.ofNullable(letter);
        }
    }

    /** The result with the dead letter's attributes attached to its event, if it has one and the letter is known. */
    static DecodeResult withLetter(DecodeResult result, Optional<DeadLetter> letter) {
        return result instanceof Decoded decoded && letter.isPresent() ? decoded.withLetter(letter.get()) : result;
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
