package org.openedx.events.bus.spi;

import java.time.temporal.Temporal;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.wire.IsoDateTimes;

/**
 * An event ready for a transport: the event, its topic as on the bus, its key, its encoded data
 * and the trace context it carries.
 *
 * @param event        what was sent
 * @param fullTopic    the topic with the environment prefix
 * @param key          the value at the event's {@code event_key_field}, or {@code null}
 * @param value        the event data's bytes ({@link EventCodec#serialize})
 * @param sentNanos    {@link System#nanoTime()} when it was sent
 * @param traceContext what the message carries beside the upstream envelope for tracing (W3C
 *                     {@value #TRACEPARENT}, {@value #TRACESTATE}), in this order; empty (the
 *                     usual case, when no tracing is active) writes the same bytes as upstream
 */
public record EncodedEvent(OutgoingEvent event, String fullTopic, Object key, byte[] value, long sentNanos,
                           Map<String, String> traceContext) {

    /** The W3C trace context's name: the trace, the parent span and its flags. */
    public static final String TRACEPARENT = "traceparent";
    /** The W3C trace context's vendor state, carried when present. */
    public static final String TRACESTATE = "tracestate";

    public EncodedEvent {
        Objects.requireNonNull(traceContext, "traceContext");
    }

    /** An event that carries no trace context. */
    public EncodedEvent(OutgoingEvent event, String fullTopic, Object key, byte[] value, long sentNanos) {
        this(event, fullTopic, key, value, sentNanos, Map.of());
    }

    /** The key as text: date-times as Python's {@code isoformat()}, others as their text; null for no key. */
    public String keyText() {
        return key == null ? null : key instanceof Temporal time ? IsoDateTimes.format(time) : key.toString();
    }
}
