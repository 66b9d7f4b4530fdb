package org.openedx.events.bus;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.openedx.events.settings.Settings;

/**
 * Carries a trace context with each event and traces its sending and its handling, on every
 * backend: the plug-in point of a tracing module ({@code openedx-events-opentelemetry}). The
 * producer asks it, as an event is sent, for the context the message carries (W3C
 * {@code traceparent}, {@code tracestate}); each backend writes that beside the upstream
 * envelope and reads it back; the consumer hands it to {@link #handle} and the event's
 * receivers run inside the scope it opens.
 *
 * <p>With {@link #NONE} (no tracing module, or one not enabled) nothing is carried, messages have
 * the same bytes as without tracing, and the pipeline does no tracing work. Implementations must
 * be quick and must not throw.
 */
public interface EventTracing {

    /** Traces nothing and carries nothing. */
    EventTracing NONE = new EventTracing() {
        @Override
        public SendTrace send(ProducerInfo producer, OutgoingEvent event, String fullTopic) {
            return null;
        }

        @Override
        public HandleTrace handle(ConsumerInfo consumer, InboundEvent event, String position,
                                  Map<String, String> carried) {
            return null;
        }
    };

    /**
     * Starts tracing one send, on the sender's thread (so that the sender's current trace is the
     * parent).
     *
     * @param fullTopic the topic as on the bus
     * @return the send's trace, or null when this send is not traced
     */
    SendTrace send(ProducerInfo producer, OutgoingEvent event, String fullTopic);

    /**
     * Starts tracing the handling of one event, on the consumer's thread, before its first
     * attempt. What it opens stays current on that thread (through every attempt, retry and a
     * dead letter, and the {@link DeliveryListener} calls among them) until {@link HandleTrace#end()}.
     *
     * @param position where the message is, e.g. a stream entry id
     * @param carried  the context the message carried; empty when none
     * @return the handling's trace, or null when it is not traced
     */
    HandleTrace handle(ConsumerInfo consumer, InboundEvent event, String position, Map<String, String> carried);

    /** One traced send. */
    interface SendTrace {
        /** What the message carries, e.g. {@code traceparent} and {@code tracestate}; empty for nothing. */
        Map<String, String> carried();

        /** The backend has the event at {@code position}; called on any thread. */
        void delivered(String position);

        /** The event could not be delivered; called on any thread. */
        void failed(Throwable error);
    }

    /** One traced handling, used on the consumer's thread only. */
    interface HandleTrace {
        /** Attempt {@code attempt} failed: some receiver threw {@code error}. */
        void attemptFailed(int attempt, Throwable error);

        /** Attempt {@code attempt} starts after {@code delay}. */
        void retrying(int attempt, Duration delay);

        /** The event went to the dead-letter topic, at {@code letter}. */
        void deadLettered(String letter, Throwable error);

        /** The pipeline is done with the event (handled, dead-lettered, or left for another consumer). */
        void end();
    }

    /**
     * Makes the tracing that settings ask for; found with {@link ServiceLoader}. A tracing module
     * on the class path provides one.
     */
    interface Provider {
        /** The tracing these settings enable; empty when they enable none. */
        Optional<EventTracing> create(Settings settings);
    }

    /** The tracing the first {@link Provider} on the class path makes of these settings; {@link #NONE} when none does. */
    static EventTracing fromSettings(Settings settings) {
        for (Provider provider : ServiceLoader.load(Provider.class, EventTracing.class.getClassLoader())) {
            Optional<EventTracing> tracing = provider.create(settings);
            if (tracing.isPresent()) {
                return tracing.get();
            }
        }
        return NONE;
    }
}
