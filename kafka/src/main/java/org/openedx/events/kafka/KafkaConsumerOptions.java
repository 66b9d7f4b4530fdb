package org.openedx.events.kafka;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.openedx.events.bus.EventBusConfigurationException;
import org.openedx.events.wire.IsoDateTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code consume --extra} options of the Kafka consumer.
 *
 * @param offsetTime      upstream's {@code offset_time}: as the consumer starts, the group's
 *                        offsets move to the first message at or after this time (once per
 *                        partition and group for a given time), then consumption goes on
 * @param resetOnly       with {@code offset_time}, upstream's behaviour: move the offsets and
 *                        consume nothing (the consumer waits until stopped)
 * @param autoOffsetReset where a group without committed offsets starts: {@code earliest}
 *                        (this port's default) or {@code latest} (upstream's)
 */
public record KafkaConsumerOptions(OffsetDateTime offsetTime, boolean resetOnly, String autoOffsetReset) {

    /** The option names {@code --extra} accepts. */
    public static final Set<String> NAMES = Set.of("offset_time", "reset_only", "auto_offset_reset");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConsumerOptions.class);

    public KafkaConsumerOptions {
        if (resetOnly && offsetTime == null) {
            throw new EventBusConfigurationException("The kafka consumer option reset_only needs offset_time");
        }
        if (autoOffsetReset != null && !autoOffsetReset.equals("earliest") && !autoOffsetReset.equals("latest")) {
            throw new EventBusConfigurationException("The kafka consumer option auto_offset_reset must be 'earliest' "
                    + "or 'latest', found '" + autoOffsetReset + "'");
        }
    }

    /**
     * Reads {@code --extra}; JSON {@code null} means the default.
     *
     * @throws EventBusConfigurationException naming an option that is unknown or has a value that cannot be used
     */
    public static KafkaConsumerOptions from(Map<String, Object> extra) {
        for (String name : extra.keySet()) {
            if (!NAMES.contains(name)) {
                throw new EventBusConfigurationException("Unknown option '" + name + "' for the kafka consumer; "
                        + "accepted: " + new TreeSet<>(NAMES));
            }
        }
        Object reset = extra.get("auto_offset_reset");
        return new KafkaConsumerOptions(time(extra.get("offset_time")), bool(extra.get("reset_only")),
                reset == null ? null : String.valueOf(reset).trim().toLowerCase(Locale.ROOT));
    }

    /** Python's {@code fromisoformat(str(value))}; a time without offset is local time, as upstream reads it. */
    private static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        Temporal parsed;
        try {
            parsed = IsoDateTimes.parse(String.valueOf(value));
        } catch (DateTimeException e) {
            throw new EventBusConfigurationException("Could not parse the offset timestamp: the kafka consumer option "
                    + "offset_time must be an ISO date-time such as 2024-01-01T00:00:00+00:00, found '" + value + "'",
                    e);
        }
        if (parsed instanceof LocalDateTime local) {
            OffsetDateTime time = local.atZone(ZoneId.systemDefault()).toOffsetDateTime();
            LOG.warn("offset_time '{}' has no UTC offset; reading it in this host's time zone as {}", value, time);
            return time;
        }
        return (OffsetDateTime) parsed;
    }

    private static boolean bool(Object value) {
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new EventBusConfigurationException("The kafka consumer option reset_only must be true or false, found "
                + value.getClass().getSimpleName() + " '" + value + "'");
    }
}
