package org.openedx.events.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.settings.Validator;

/**
 * The settings of the Redis Streams bus that only Redis has: upstream's (edx-event-bus-redis)
 * under their names and defaults, and this port's own for batches and sending. How events are
 * delivered to receivers (kill switch, retries, pauses, the errors limit, the audit log) is
 * read by core as {@link DeliverySettings}, under the general names or upstream's Redis ones
 * ({@link #DELIVERY}).
 *
 * @param connectionUrl   {@code EVENT_BUS_REDIS_CONNECTION_URL}, parsed; its {@code toString()}
 *                        masks the password
 * @param streamMaxLen    the approximate {@code MAXLEN} of every {@code XADD}
 * @param trimAckedOnly   whether {@code XADD} trims only entries every group acknowledged ({@code ACKED}, Redis 8.2)
 * @param pollTimeout     how long one {@code XREADGROUP} blocks
 * @param batchSize       entries one read returns at most ({@code COUNT})
 * @param deliveryTimeout how long a sent event may wait for Redis before it counts as failed
 * @param maxPending      events a producer holds unconfirmed before it refuses more
 * @param claimAfter      how long an entry read by any consumer of the group may stay unacknowledged
 *                        before a running consumer takes it over
 */
public record RedisSettings(RedisConnectionUrl connectionUrl, int streamMaxLen, boolean trimAckedOnly,
                            Duration pollTimeout,
                            int batchSize, Duration deliveryTimeout, int maxPending, Duration claimAfter) {

    public static final Setting<String> EVENT_BUS_REDIS_CONNECTION_URL = Setting.string(
            "EVENT_BUS_REDIS_CONNECTION_URL", null,
            "Redis URL, e.g. redis://:password@localhost:6379/0 or rediss://user:password@host:6379/0 (TLS); "
                    + "?password=...&username=... apply when the URL has no user information, as in redis-py.");
    public static final Setting<Integer> EVENT_BUS_REDIS_STREAM_MAX_LEN = Setting.integer(
            "EVENT_BUS_REDIS_STREAM_MAX_LEN", 10_000, "Approximate length cap of each stream (XADD MAXLEN ~); must "
                    + "cover the longest consumer outage at the peak send rate, or unread entries are trimmed (and "
                    + "reported by the consumer).")
            .validatedBy(Validator.atLeast(1));
    public static final Setting<Boolean> EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY = Setting.bool(
            "EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY", false, "Whether MAXLEN trimming removes only entries every "
                    + "consumer group has read and acknowledged (XADD ... ACKED): streams may then grow past "
                    + "EVENT_BUS_REDIS_STREAM_MAX_LEN while a group lags. Needs Redis 8.2 or newer: on an older server "
                    + "every send fails, naming this setting and the server's version.");
    public static final Setting<Duration> EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT = Setting.seconds(
            "EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 60.0, "Seconds one read waits for new entries (XREADGROUP BLOCK).")
            .validatedBy(Validator.atLeast(Duration.ofMillis(1)));
    public static final Setting<Integer> EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE = Setting.integer(
            "EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 256, "Entries one read returns at most (XREADGROUP COUNT).")
            .validatedBy(Validator.atLeast(1));
    public static final Setting<Duration> EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT = Setting.seconds(
            "EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT", 30.0,
            "Seconds a sent event may wait for Redis (reconnects included) before it is logged as failed.")
            .validatedBy(Validator.atLeast(Duration.ofMillis(1)));
    public static final Setting<Integer> EVENT_BUS_REDIS_PRODUCER_MAX_PENDING = Setting.integer(
            "EVENT_BUS_REDIS_PRODUCER_MAX_PENDING", 100_000,
            "Events a producer holds unconfirmed; past this a send is logged as failed at once.")
            .validatedBy(Validator.atLeast(1));

    public static final Setting<Duration> EVENT_BUS_REDIS_CONSUMER_CLAIM_AFTER = Setting.seconds(
            "EVENT_BUS_REDIS_CONSUMER_CLAIM_AFTER", 60.0, "Seconds an entry any consumer of the group read may stay "
                    + "unacknowledged (its consumer died) before a running consumer takes it over (XAUTOCLAIM, at start "
                    + "and then periodically); the claim_msgs_older_than option overrides it.")
            .validatedBy(Validator.atLeast(Duration.ofMillis(1)));

    /** Every Redis-only setting, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_REDIS_CONNECTION_URL, EVENT_BUS_REDIS_STREAM_MAX_LEN,
            EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY,
            EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT, EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE,
            EVENT_BUS_REDIS_CONSUMER_CLAIM_AFTER, EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT,
            EVENT_BUS_REDIS_PRODUCER_MAX_PENDING);

    /**
     * Upstream's Redis names for the delivery settings every backend shares:
     * {@code EVENT_BUS_REDIS_CONSUMERS_ENABLED}, {@code EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES},
     * {@code EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY}, {@code EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP},
     * {@code EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT} and
     * {@code EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED}; each, when set, wins over the general name.
     */
    public static final DeliverySettings.Overrides DELIVERY = DeliverySettings.Overrides.named("REDIS");

    /**
     * Reads and checks the settings.
     *
     * @throws InvalidSettingException naming a setting that is missing or has a value that cannot be used
     */
    public static RedisSettings from(Settings settings) {
        return new RedisSettings(
                RedisConnectionUrl.parse(settings.get(EVENT_BUS_REDIS_CONNECTION_URL)),
                settings.get(EVENT_BUS_REDIS_STREAM_MAX_LEN),
                settings.get(EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY),
                settings.get(EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT),
                settings.get(EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE),
                settings.get(EVENT_BUS_REDIS_PRODUCER_DELIVERY_TIMEOUT),
                settings.get(EVENT_BUS_REDIS_PRODUCER_MAX_PENDING),
                settings.get(EVENT_BUS_REDIS_CONSUMER_CLAIM_AFTER));
    }

    /** Lists the Redis bus's settings for tools: its own, then its names for the delivery settings. */
    public static final class Definitions implements SettingDefinitions {
        @Override
        public String module() {
            return "redis";
        }

        @Override
        public List<Setting<?>> settings() {
            List<Setting<?>> all = new ArrayList<>(ALL);
            all.addAll(DELIVERY.settings());
            return List.copyOf(all);
        }
    }
}
