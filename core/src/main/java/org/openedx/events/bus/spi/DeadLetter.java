package org.openedx.events.bus.spi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.openedx.events.wire.IsoDateTimes;

/**
 * Why and where a message was given up on. A dead letter on {@code <topic>-dead-letter} holds the
 * original envelope unchanged plus these attributes, under the same names on every backend
 * (stream fields, Kafka headers, the embedded store's attributes): {@value #ERROR_TYPE},
 * {@value #ERROR}, {@value #ATTEMPTS}, {@value #ORIGINAL_TOPIC}, {@value #ORIGINAL_POSITION},
 * {@value #CONSUMER_GROUP}, {@value #CONSUMER_NAME} (when the backend has one) and
 * {@value #DEAD_LETTERED_AT}.
 *
 * @param errorType        the exception's class name
 * @param error            the exception's message, at most {@value #MAX_ERROR_LENGTH} characters
 * @param attempts         how many times the receivers ran (0 when the message could not be decoded)
 * @param originalTopic    the topic as on the bus
 * @param originalPosition where the message was: a stream entry id, {@code partition:offset}, a position
 * @param group            the consumer group that gave up
 * @param consumerName     the consumer's name in its group, or null
 * @param time             when
 */
public record DeadLetter(String errorType, String error, int attempts, String originalTopic,
                         String originalPosition, String group, String consumerName, Instant time) {

    /** The longest error message kept; longer ones are cut and end with {@code ...}. */
    public static final int MAX_ERROR_LENGTH = 4000;
    /** The suffix of a dead-letter topic. */
    public static final String TOPIC_SUFFIX = "-dead-letter";

    public static final String ERROR_TYPE = "error_type";
    public static final String ERROR = "error";
    public static final String ATTEMPTS = "attempts";
    public static final String ORIGINAL_TOPIC = "original_topic";
    public static final String ORIGINAL_POSITION = "original_position";
    public static final String CONSUMER_GROUP = "consumer_group";
    public static final String CONSUMER_NAME = "consumer_name";
    public static final String DEAD_LETTERED_AT = "dead_lettered_at";

    public DeadLetter {
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(originalTopic, "originalTopic");
        Objects.requireNonNull(originalPosition, "originalPosition");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(time, "time");
        if (error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
        }
    }

    /** The letter of a failure. */
    public static DeadLetter of(Throwable failure, int attempts, String originalTopic, String originalPosition,
                                String group, String consumerName, Instant time) {
        return new DeadLetter(failure.getClass().getName(), String.valueOf(failure.getMessage()), attempts,
                originalTopic, originalPosition, group, consumerName, time);
    }

    /** The dead-letter topic of a topic as on the bus. */
    public static String topicOf(String fullTopic) {
        return fullTopic + TOPIC_SUFFIX;
    }

    /** Whether a topic as on the bus is a dead-letter topic. */
    public static boolean isDeadLetterTopic(String fullTopic) {
        return fullTopic.endsWith(TOPIC_SUFFIX);
    }

    /** The attributes as text, in the order above. */
    public Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ERROR_TYPE, errorType);
        attributes.put(ERROR, error);
        attributes.put(ATTEMPTS, Integer.toString(attempts));
        attributes.put(ORIGINAL_TOPIC, originalTopic);
        attributes.put(ORIGINAL_POSITION, originalPosition);
        attributes.put(CONSUMER_GROUP, group);
        if (consumerName != null) {
            attributes.put(CONSUMER_NAME, consumerName);
        }
        attributes.put(DEAD_LETTERED_AT, IsoDateTimes.format(time.atOffset(ZoneOffset.UTC)));
        return attributes;
    }

    /**
     * The letter a message carries, read from its attributes; empty when it carries none (it is
     * not a dead letter) or they do not parse.
     */
    public static Optional<DeadLetter> fromAttributes(Function<String, String> attribute) {
        String errorType = attribute.apply(ERROR_TYPE);
        String originalTopic = attribute.apply(ORIGINAL_TOPIC);
        String time = attribute.apply(DEAD_LETTERED_AT);
        if (errorType == null || originalTopic == null || time == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeadLetter(errorType, Objects.requireNonNullElse(attribute.apply(ERROR), ""),
                    Integer.parseInt(Objects.requireNonNullElse(attribute.apply(ATTEMPTS), "0")), originalTopic,
                    Objects.requireNonNullElse(attribute.apply(ORIGINAL_POSITION), ""),
                    Objects.requireNonNullElse(attribute.apply(CONSUMER_GROUP), ""), attribute.apply(CONSUMER_NAME),
                    IsoDateTimes.parseAware(time).toInstant()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
