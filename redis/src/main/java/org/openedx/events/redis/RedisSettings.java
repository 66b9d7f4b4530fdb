package org.openedx.events.redis;

import java.time.Duration;
import java.util.List;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.Topics;

/**
 * The settings of the Redis Streams bus: upstream's (edx-event-bus-redis) under their names
 * and defaults, and this port's own for retries, batches and sending.
 *
 * @param connectionUrl          {@code EVENT_BUS_REDIS_CONNECTION_URL}, parsed; its
 *                               {@code toString()} masks the password
 * @param topicPrefix            {@code EVENT_BUS_TOPIC_PREFIX}
 * @param streamMaxLen           the approximate {@code MAXLEN} of every {@code XADD}
 * @param consumersEnabled       the consumers' kill switch
 * @param pollTimeout            how long one {@code XREADGROUP} blocks
 * @param pollFailureSleep       the first pause after a Redis error, doubled on each error in a row
 * @param consecutiveErrorsLimit errors in a row that end a consumer; {@code null} for none
 * @param auditLoggingEnabled    whether each sent and received message is logged
 * @param maxRetries             times an event whose receivers failed is handled again
 * @param retryDelay             the pause before the first retry, doubled for each next one
 * @param batchSize              entries one read returns at most ({@code COUNT})
 * @param deliveryTimeout        how long a sent event may wait for Redis before it counts as failed
 * @param maxPending             events a producer holds unconfirmed before it refuses more
 */
public record RedisSettings(RedisConnectionUrl connectionUrl, String topicPrefix, int streamMaxLen,
                            boolean consumersEnabled, Duration pollTimeout, Duration pollFailureSleep,
                            Integer consecutiveErrorsLimit, boolean auditLoggingEnabled, int maxRetries,
                            Duration retryDelay, int batchSize, Duration deliveryTimeout, int maxPending) {

    public static final Setting<String> EVENT_BUS_REDIS_CONNECTION_URL = Setting.string(
            "EVENT_BUS_REDIS_CONNECTION_URL", null,
            "Redis URL, e.g. redis://:password@localhost:6379/0 or rediss://user:password@host:6379/0 (TLS).");
    public static final Setting<Integer> EVENT_BUS_REDIS_STREAM_MAX_LEN = Setting.integer(
            "EVENT_BUS_REDIS_STREAM_MAX_LEN", 10_000, "Approximate length cap of each stream (XADD MAXLEN ~).");
    public static final Setting<Boolean> EVENT_BUS_REDIS_CONSUMERS_ENABLED = Setting.bool(
            "EVENT_BUS_REDIS_CONSUMERS_ENABLED", true,
            "Kill switch: when false a Redis consumer logs an error and returns as it starts.");
    public static final Setting<Double> EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT = Setting.number(
            "EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 60.0, "Seconds one read waits for new entries (XREADGROUP BLOCK).");
    public static final Setting<Double> EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP = Setting.number(
            "EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP", 1.0,
            "Seconds a consumer waits after a Redis error before it reconnects; doubled for each error in a row.");
    public static final Setting<Integer> EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT = Setting.integer(
            "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", null,
            "Errors in a row that end a Redis consumer; unset: EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT.");
    public static final Setting<Boolean> EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED = Setting.bool(
            "EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", true, "Log one INFO line per event sent and received.");
    public static final Setting<Integer> EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES = Setting.integer(
            "EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", 3,
            "Times an event whose receivers failed is handled again before it goes to the dead-letter stream.");
    public static final Setting<Double> EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY = Setting.number(
            "EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY", 0.1, "Seconds before the first retry; doubled for each next one.");
    public static final Setting<Integer> EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE = Setting.integer(
            "EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 256, "Entries one read returns at most (XREADGROUP COUNT).");
    public static final Setting<Double> EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT = Setting.number(
            "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 30.0,
            "Seconds a sent event may wait for Redis (reconnects included) before it is logged as failed.");
    public static final Setting<Integer> EVENT_BUS_REDIS_PRODUCER_MAX_PENDING = Setting.integer(
            "EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 100_000,
            "Events a producer holds unconfirmed; past this a send is logged as failed at once.");

    /** Every Redis setting, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_REDIS_CONNECTION_URL, EVENT_BUS_REDIS_STREAM_MAX_LEN,
            EVENT_BUS_REDIS_CONSUMERS_ENABLED, EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT,
            EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP, EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT,
            EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED, EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES,
            EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY, EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE,
            EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT, EVENT_BUS_REDIS_PRODUCER_MAX_PENDING);

    /**
     * Reads and checks the settings.
     *
     * @throws InvalidSettingException naming a setting that is missing or has a value that cannot be used
     */
    public static RedisSettings from(Settings settings) {
        Integer limit = settings.get(EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT);
        if (limit == null) {
            limit = settings.get(EventBusSettings.EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT);
        }
        return new RedisSettings(
                RedisConnectionUrl.parse(settings.get(EVENT_BUS_REDIS_CONNECTION_URL)),
                settings.get(EventBusSettings.EVENT_BUS_TOPIC_PREFIX),
                atLeast(settings, EVENT_BUS_REDIS_STREAM_MAX_LEN, 1),
                settings.get(EVENT_BUS_REDIS_CONSUMERS_ENABLED),
                settings.positiveSeconds(EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT),
                settings.positiveSeconds(EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP),
                limit,
                settings.get(EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED),
                atLeast(settings, EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES, 0),
                settings.seconds(EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY),
                atLeast(settings, EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE, 1),
                settings.positiveSeconds(EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT),
                atLeast(settings, EVENT_BUS_REDIS_PRODUCER_MAX_PENDING, 1));
    }

    /** The stream of a topic: {@code <prefix>-<topic>} when a prefix is set. */
    public String stream(String topic) {
        return Topics.fullName(topicPrefix, topic);
    }

    private static int atLeast(Settings settings, Setting<Integer> setting, int min) {
        int value = settings.get(setting);
        if (value < min) {
            throw new InvalidSettingException(setting.name(), "must be at least " + min + ", found " + value);
        }
        return value;
    }

    /** Lists the Redis bus's settings for tools. */
    public static final class Definitions implements SettingDefinitions {
        @Override
        public String module() {
            return "redis";
        }

        @Override
        public List<Setting<?>> settings() {
            return ALL;
        }
    }
}
