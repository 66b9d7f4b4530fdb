package org.openedx.events.catalog.analytics;

import java.util.List;
import org.openedx.events.OpenEdxPublicSignal;

/**
 * The Open edX events of the {@code analytics} subdomain (upstream
 * {@code openedx_events.analytics.signals}), in upstream source order. Loading this class builds and
 * registers them.
 */
public final class AnalyticsSignals {

    /**
     * Emitted when a tracking log event is emitted.
     *
     * <p>Event type {@code org.openedx.analytics.tracking.event.emitted.v1}; data {@code tracking_log}:
     * {@link TrackingLogData}; event key field {@code tracking_log.name}. Sent by openedx/event-tracking.
     */
    public static final OpenEdxPublicSignal TRACKING_EVENT_EMITTED =
            OpenEdxPublicSignal.builder("org.openedx.analytics.tracking.event.emitted.v1")
                    .data("tracking_log", TrackingLogData.class)
                    .eventKeyField("tracking_log.name")
                    .constantName("TRACKING_EVENT_EMITTED")
                    .build();

    private static final List<OpenEdxPublicSignal> ALL = List.of(
            TRACKING_EVENT_EMITTED);

    private AnalyticsSignals() {
    }

    /** Every signal of this subdomain, in upstream source order. */
    public static List<OpenEdxPublicSignal> all() {
        return ALL;
    }
}
