package org.openedx.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Options of {@link OpenEdxPublicSignal#sendEvent(EventData, SendOptions)}: the event time
 * (upstream {@code time=}; callers should pass the database time of the change), whether
 * receiver failures are collected ({@code send_robust=True}, the default) or thrown, and the
 * {@link MetadataFactory} of the event's metadata (by default the running bus's).
 *
 * <pre>{@code
 * SIGNAL.sendEvent(data, SendOptions.DEFAULT.nonRobust());
 * }</pre>
 */
public record SendOptions(OffsetDateTime time, boolean sendRobust, MetadataFactory metadataFactory) {

    public static final SendOptions DEFAULT = new SendOptions(null, true, null);

    public static SendOptions at(OffsetDateTime time) {
        return DEFAULT.withTime(time);
    }

    public static SendOptions at(Instant time) {
        return DEFAULT.withTime(time.atOffset(ZoneOffset.UTC));
    }

    public SendOptions withTime(OffsetDateTime time) {
        return new SendOptions(time, sendRobust, metadataFactory);
    }

    /** The same options, with receiver exceptions propagated to the caller. */
    public SendOptions nonRobust() {
        return new SendOptions(time, false, metadataFactory);
    }

    /** The same options, with metadata made by {@code factory} (a test's fixed clock, say). */
    public SendOptions metadataFactory(MetadataFactory factory) {
        return new SendOptions(time, sendRobust, factory);
    }
}
