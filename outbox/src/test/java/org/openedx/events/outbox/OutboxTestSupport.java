package org.openedx.events.outbox;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openedx.events.EventData;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.settings.Settings;

/** Settings, events and stream reading shared by the outbox's tests. */
final class OutboxTestSupport {

    static final String LOGIN_TYPE = "org.openedx.learning.auth.session.login.completed.v1";

    private OutboxTestSupport() {
    }

    /** A Redis producer at {@code redisUrl} whose topics in {@code topics} are in outbox mode, {@code more} on top. */
    static Settings settings(String redisUrl, String prefix, List<String> topics, Object... more) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (String topic : topics) {
            entries.put(topic, Map.of("event_key_field", "user.id", "enabled", true, "mode", "outbox"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "redis");
        values.put("EVENT_BUS_REDIS_CONNECTION_URL", redisUrl);
        values.put("EVENT_BUS_TOPIC_PREFIX", prefix);
        values.put("EVENT_BUS_REDIS_STREAM_MAX_LEN", 10_000_000);
        values.put("EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", false);
        values.put("EVENT_BUS_PRODUCER_CONFIG", Map.of(LOGIN_TYPE, entries));
        values.put("EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP", 0.05);
        values.put("EVENT_BUS_CONSUMER_RETRY_DELAY", 0.01);
        values.put("EVENT_BUS_CONSUMER_RETRY_MAX_DELAY", 1.0);
        values.put("EVENT_BUS_OUTBOX_POLL_INTERVAL", 0.01);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return Settings.of(values);
    }

    static EventData login(long userId) {
        return EventData.of("user", new UserData(userId, true,
                new UserPersonalData("user" + userId, "user" + userId + "@example.com", "User " + userId)));
    }

    /** The event ids of a stream's entries, in stream order. */
    static List<String> eventIds(String redisUrl, String stream) {
        return entries(redisUrl, stream).stream().map(entry -> entry.get("id")).toList();
    }

    /** A stream's entries' fields, in stream order. */
    static List<Map<String, String>> entries(String redisUrl, String stream) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<Map<String, String>> entries = new ArrayList<>();
            String from = "-";
            while (true) {
                List<StreamMessage<String, String>> page = connection.sync().xrange(stream,
                        Range.create(from, "+"), Limit.from(10_000));
                for (StreamMessage<String, String> entry : page) {
                    if (!entry.getId().equals(from)) {
                        entries.add(entry.getBody());
                    }
                }
                if (page.size() < 10_000) {
                    return entries;
                }
                from = page.get(page.size() - 1).getId();
            }
        } finally {
            client.shutdown();
        }
    }

    /**
     * What a stream holds against what was committed, in order: events missing, duplicates, and
     * events whose first copy came before that of an event committed earlier.
     */
    record Delivery(int missing, int duplicates, int reordered, int unexpected) {

        static Delivery of(List<String> committed, List<String> received) {
            Map<String, Integer> order = new java.util.HashMap<>();
            for (int i = 0; i < committed.size(); i++) {
                order.put(committed.get(i), i);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            int duplicates = 0;
            int reordered = 0;
            int unexpected = 0;
            int last = -1;
            for (String id : received) {
                Integer position = order.get(id);
                if (position == null) {
                    unexpected++;
                } else if (!seen.add(id)) {
                    duplicates++;
                } else {
                    if (position < last) {
                        reordered++;
                    }
                    last = Math.max(last, position);
                }
            }
            return new Delivery(committed.size() - seen.size(), duplicates, reordered, unexpected);
        }
    }
}
