package org.openedx.events.kafka.internal;

import java.time.OffsetDateTime;
import org.openedx.events.kafka.KafkaBackend;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.wire.IsoDateTimes;

/**
 * The {@code --extra} options of one Kafka consumer, typed.
 *
 * @param offsetTime      {@link KafkaBackend#OFFSET_TIME}, or null
 * @param resetOnly       {@link KafkaBackend#RESET_ONLY}
 * @param autoOffsetReset {@link KafkaBackend#AUTO_OFFSET_RESET}, or null for the configured one
 */
public record ConsumerOptions(OffsetDateTime offsetTime, boolean resetOnly, String autoOffsetReset) {

    /**
     * The options as parsed by the backend's option table.
     *
     * @param owner the consumer, for messages, e.g. {@code the kafka consumer of topic 't'}
     * @throws InvalidSettingException when {@code reset_only} is given without {@code offset_time}
     */
    public static ConsumerOptions from(OptionTable.Options options, String owner) {
        OffsetDateTime time = options.get(KafkaBackend.OFFSET_TIME);
        boolean resetOnly = Boolean.TRUE.equals(options.get(KafkaBackend.RESET_ONLY));
        if (resetOnly && time == null) {
            throw InvalidSettingException.option(KafkaBackend.RESET_ONLY.name(), owner, "needs offset_time (the time "
                    + "to move the offsets to)");
        }
        return new ConsumerOptions(time, resetOnly, options.get(KafkaBackend.AUTO_OFFSET_RESET));
    }

    /**
     * The metadata of every offset this consumer commits: it names the offset time, so that a
     * consumer started again with the same time, or another one of the group, knows the offsets
     * already moved. Empty without a time, and in reset-only mode (a later consuming run with
     * the time moves them again, as upstream's reset is followed by a plain run).
     */
    public String commitMetadata() {
        return offsetTime == null || resetOnly ? "" : "openedx-events offset_time=" + IsoDateTimes.format(offsetTime);
    }
}
