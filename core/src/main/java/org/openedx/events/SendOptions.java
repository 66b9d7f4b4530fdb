package org.openedx.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Options of {@link OpenEdxPublicSignal#sendEvent(EventData, SendOptions)}: the event time
 * (upstream {@code time=}; callers should pass the database time of the change), and
 * whether receiver failures are collected ({@code send_robust=True}, the default) or thrown.
 */
public record SendOptions(OffsetDateTime time, boolean sendRobust) {

    public static final SendOptions DEFAULT = new SendOptions(null, true);

    public static SendOptions at(OffsetDateTime time) {
        return new SendOptions(time, true);
    }

    public static SendOptions at(Instant time) {
        return new SendOptions(time.atOffset(ZoneOffset.UTC), true);
    }

    public SendOptions withTime(OffsetDateTime time) {
        return new SendOptions(time, sendRobust);
    }

    /** The same options, with receiver exceptions propagated to the caller. */
    public SendOptions nonRobust() {
        return new SendOptions(time, false);
    }
}
