package org.openedx.events.redis;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openedx.events.bus.EventBusConfigurationException;

/**
 * The {@code consume --extra} options of the Redis consumer, upstream's constructor keywords.
 *
 * @param consumerName       the consumer's name in its group; by default {@code <pid>@<host>}.
 *                           Give a stable name so that a restarted consumer finds the entries
 *                           it had read and not acknowledged
 * @param lastReadMsgId      when set, the group is moved so that it reads the entries after
 *                           this id ({@code XGROUP SETID}), once, as the consumer starts
 * @param checkBacklog       {@code false}: the group is moved to the stream's end as the
 *                           consumer starts, skipping what arrived while no consumer ran
 *                           (upstream's default); {@code null} or {@code true}: the group goes
 *                           on from where it stopped
 * @param claimMsgsOlderThan when set, entries other consumers of the group read and have not
 *                           acknowledged for at least this many milliseconds are taken over
 *                           as the consumer starts ({@code XAUTOCLAIM})
 */
public record RedisConsumerOptions(String consumerName, String lastReadMsgId, Boolean checkBacklog,
                                   Long claimMsgsOlderThan) {

    /** The option names {@code --extra} accepts. */
    public static final Set<String> NAMES = Set.of("consumer_name", "last_read_msg_id", "check_backlog",
            "claim_msgs_older_than");

    private static final Pattern ENTRY_ID = Pattern.compile("\\d+(-\\d+)?|\\$");

    public RedisConsumerOptions {
        if (consumerName == null || consumerName.isBlank()) {
            consumerName = ManagementFactory.getRuntimeMXBean().getName();
        }
        if (lastReadMsgId != null && !ENTRY_ID.matcher(lastReadMsgId).matches()) {
            throw new EventBusConfigurationException("last_read_msg_id must be a stream entry id such as "
                    + "1679676448892-0, found '" + lastReadMsgId + "'");
        }
        if (claimMsgsOlderThan != null && claimMsgsOlderThan < 0) {
            throw new EventBusConfigurationException("claim_msgs_older_than must be a number of milliseconds, not "
                    + "negative, found " + claimMsgsOlderThan);
        }
    }

    /** Every option at its default. */
    public static RedisConsumerOptions defaults() {
        return new RedisConsumerOptions(null, null, null, null);
    }

    /**
     * Reads {@code --extra}; JSON {@code null} means the default.
     *
     * @throws EventBusConfigurationException naming an option that is unknown or has a value of the wrong type
     */
    public static RedisConsumerOptions from(Map<String, Object> extra) {
        for (String name : extra.keySet()) {
            if (!NAMES.contains(name)) {
                throw new EventBusConfigurationException("Unknown option '" + name + "' for the redis consumer; "
                        + "accepted: " + new TreeSet<>(NAMES));
            }
        }
        return new RedisConsumerOptions(text(extra, "consumer_name"), text(extra, "last_read_msg_id"),
                bool(extra, "check_backlog"), millis(extra, "claim_msgs_older_than"));
    }

    private static String text(Map<String, Object> extra, String name) {
        Object value = extra.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw wrongType(name, "a string", value);
    }

    private static Boolean bool(Map<String, Object> extra, String name) {
        Object value = extra.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s);
        }
        throw wrongType(name, "true or false", value);
    }

    private static Long millis(Map<String, Object> extra, String name) {
        Object value = extra.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        if (value instanceof String s && s.trim().matches("\\d+")) {
            return Long.parseLong(s.trim());
        }
        throw wrongType(name, "an integer number of milliseconds", value);
    }

    private static EventBusConfigurationException wrongType(String name, String expected, Object value) {
        return new EventBusConfigurationException("The redis consumer option " + name + " must be " + expected
                + ", found " + value.getClass().getSimpleName() + " '" + value + "'");
    }
}
