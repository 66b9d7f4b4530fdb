package org.openedx.events.catalog.analytics;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * Data related to tracking events.
 *
 * <p>Upstream {@code openedx_events.analytics.data.TrackingLogData}. The components are in wire order.
 *
 * @param name event name
 * @param timestamp timestamp of the event
 * @param data json string representation of a dictionary with extra data (optional)
 * @param context json string representation of a dictionary of context data defined in
 *        https://docs.openedx.org/en/latest/developers/references/internal_data_formats/index.html
 */
public record TrackingLogData(String name, OffsetDateTime timestamp, String data, String context) {

    public TrackingLogData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(context, "context");
    }
}
