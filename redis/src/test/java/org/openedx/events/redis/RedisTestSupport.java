package org.openedx.events.redis;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KillArgs;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.models.stream.PendingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.redis.testing.RedisServices;
import org.openedx.events.settings.Settings;

/**
 * A real Redis (the tests' shared one, {@link RedisServices#url()}, unless a test gives its
 * own), with streams of this test's own (a unique prefix), a raw connection for writing and
 * inspecting entries as Python would, and consumers on threads.
 */
final class RedisTestSupport implements AutoCloseable {

    static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    static final String TOPIC = "user-login";
    /** avro.md §6.4: the login event of user 123 "foobob". */
    static final byte[] LOGIN_AVRO = HexFormat.of().parseHex(
            "f60101" + "0c666f6f626f62" + "1e626f6240666f6f2e6578616d706c65" + "0e426f6220466f6f");

    final String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final String stream = prefix + "-" + TOPIC;
    final String deadLetters = stream + "-dead-letter";
    final List<ReceivedEvent> received = Collections.synchronizedList(new ArrayList<>());
    private final EventReceiver recorder = received::add;
    final String url;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final List<Thread> threads = new ArrayList<>();
    private final List<EventBusConsumer> consumers = new ArrayList<>();

    /** On the tests' shared Redis. */
    RedisTestSupport() {
        this(url());
    }

    /** On the Redis at {@code url}, e.g. a test's own server. */
    RedisTestSupport(String url) {
        this.url = url;
        this.client = RedisClient.create(url);
        this.connection = client.connect(ByteArrayCodec.INSTANCE);
        LOGIN.connect(recorder);
    }

    /** The URL of the tests' shared Redis. */
    static String url() {
        return RedisServices.url();
    }

    /** Raw commands on bytes. */
    RedisCommands<byte[], byte[]> redis() {
        return connection.sync();
    }

    Settings settings(Object... more) {
        return Settings.of(values(more));
    }

    /** The test settings as name/value pairs, {@code more} on top. */
    Map<String, Object> values(Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "redis");
        values.put("EVENT_BUS_CONSUMER", "redis");
        values.put("EVENT_BUS_REDIS_CONNECTION_URL", url);
        values.put("EVENT_BUS_TOPIC_PREFIX", prefix);
        values.put("EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 2);
        values.put("EVENT_BUS_REDIS_CONSUMER_POLL_FAILURE_SLEEP", 0.05);
        values.put("EVENT_BUS_REDIS_CONSUMER_RETRY_DELAY", 0.01);
        values.put("EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", false);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return values;
    }

    static EventData login(long userId) {
        return EventData.of("user", new UserData(userId, true,
                new UserPersonalData("user" + userId, "user" + userId + "@example.com", "User " + userId)));
    }

    static EventsMetadata fixedMetadata() {
        return EventsMetadata.builder(LOGIN.eventType()).id(UUID.fromString("3d657464-6d0b-11f0-a2a5-0242ac120002"))
                .source("openedx/lms/web").sourcehost("vm").sourcelib(List.of(11, 2, 0))
                .time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 123_456_000, ZoneOffset.UTC)).build();
    }

    /** The login event of user {@code userId} on {@link #TOPIC}, keyed by user name, with new metadata. */
    static OutgoingEvent loginEvent(long userId) {
        return new OutgoingEvent(LOGIN, TOPIC, "user.pii.username", login(userId), LOGIN.generateSignalMetadata(null));
    }

    /** Sends users {@code from} (inclusive) to {@code to} (exclusive) and flushes. */
    void produce(Settings settings, long from, long to) {
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            for (long i = from; i < to; i++) {
                producer.send(loginEvent(i));
            }
            if (!producer.flush(java.time.Duration.ofSeconds(30))) {
                throw new AssertionError("events were not delivered");
            }
        }
    }

    EventBusConsumer consumer(Settings settings, String group, Map<String, Object> extra) {
        return EventBusBackends.consumer(settings, new ConsumerSpec(TOPIC, group, extra));
    }

    EventBusConsumer consumer(Settings settings, String group, Map<String, Object> extra, DeliveryListener listener,
                              Clock clock) {
        return EventBusBackends.consumer(settings, new ConsumerSpec(TOPIC, group, extra), listener, clock);
    }

    /** Starts a consumer on a thread of its own; uncaught failures are kept in {@code failures}. */
    EventBusConsumer start(Settings settings, String group, Map<String, Object> extra, List<Throwable> failures) {
        return start(consumer(settings, group, extra), group, failures);
    }

    /** Starts a consumer on a thread of its own, with a listener and a clock. */
    EventBusConsumer start(Settings settings, String group, Map<String, Object> extra, DeliveryListener listener,
                           Clock clock) {
        return start(consumer(settings, group, extra, listener, clock), group,
                Collections.synchronizedList(new ArrayList<>()));
    }

    private EventBusConsumer start(EventBusConsumer consumer, String group, List<Throwable> failures) {
        Thread thread = new Thread(() -> {
            try {
                consumer.consumeIndefinitely();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "consumer-" + group);
        thread.start();
        threads.add(thread);
        consumers.add(consumer);
        return consumer;
    }

    EventBusConsumer start(Settings settings, String group, Map<String, Object> extra) {
        return start(settings, group, extra, Collections.synchronizedList(new ArrayList<>()));
    }

    /** Stops the consumers started so far and waits for their threads. */
    void stopAll() throws InterruptedException {
        consumers.forEach(EventBusConsumer::stop);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not stop");
            }
        }
        consumers.clear();
        threads.clear();
    }

    /** The user ids received, in order. */
    List<Long> userIds() {
        synchronized (received) {
            return received.stream().map(e -> e.data("user", UserData.class).id()).toList();
        }
    }

    /** Appends an entry as Python would: fields in the given order. */
    String xadd(String key, Object... fieldsAndValues) {
        Object[] raw = new Object[fieldsAndValues.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = fieldsAndValues[i] instanceof byte[] b ? b : bytes(String.valueOf(fieldsAndValues[i]));
        }
        return redis().xadd(bytes(key), raw);
    }

    /** An upstream entry of the login event (redis.md §3) with the avro.md §6.4 data. */
    String xaddUpstreamLogin(String id, String time) {
        return xadd(stream, "type", LOGIN.eventType(), "id", id, "source", "openedx/lms/web", "time", time,
                "minorversion", "0", "sourcehost", "vm", "sourcelib", "11.2.0", "event_data", LOGIN_AVRO);
    }

    /** Creates a group at the start of the stream, as another consumer's process would. */
    void createGroup(String group) {
        redis().xgroupCreate(XReadArgs.StreamOffset.from(bytes(stream), "0-0"), bytes(group));
    }

    /** Reads new entries as another consumer of the group, without acknowledging them. */
    @SuppressWarnings("unchecked") // Lettuce takes the stream offsets as generic varargs
    List<StreamMessage<byte[], byte[]>> readAs(String group, String consumer, int count) {
        return redis().xreadgroup(Consumer.from(bytes(group), bytes(consumer)),
                XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(bytes(stream)));
    }

    List<StreamMessage<byte[], byte[]>> entries(String key) {
        return redis().xrange(bytes(key), Range.create("-", "+"));
    }

    /** The text fields of an entry as an ordered map. */
    static Map<String, String> text(StreamMessage<byte[], byte[]> entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        entry.getBody().forEach((k, v) -> fields.put(new String(k, StandardCharsets.UTF_8),
                new String(v, StandardCharsets.UTF_8)));
        return fields;
    }

    long pending(String group) {
        return redis().xpending(bytes(stream), bytes(group)).getCount();
    }

    /** Waits until every entry pending in the group has been idle (read and not acknowledged) for at least {@code millis}. */
    void awaitIdle(String group, long millis) {
        await().until(() -> redis().xpending(bytes(stream), bytes(group), Range.create("-", "+"), Limit.from(1000))
                .stream().mapToLong(PendingMessage::getMsSinceLastDelivery).min().orElse(0) >= millis);
    }

    /** Waits until the named consumer is blocked in a read: its group exists and its start position is set. */
    void awaitReading(String consumerName) {
        await().until(() -> Arrays.stream(redis().clientList().split("\n"))
                .anyMatch(line -> line.contains(" name=openedx-events-consumer:" + consumerName + " ")
                        && line.contains("cmd=xreadgroup")));
    }

    /** Kills the connections of a consumer ({@code CLIENT KILL ID}); returns how many. */
    int killConsumerConnections(String consumerName) {
        return killClientsNamed("openedx-events-consumer:" + consumerName);
    }

    /** Kills the connections with this client name (and only those: other tests share the server). */
    int killClientsNamed(String name) {
        int killed = 0;
        for (String line : redis().clientList().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                String id = line.substring(3, line.indexOf(' '));
                killed += redis().clientKill(KillArgs.Builder.id(Long.parseLong(id))).intValue();
            }
        }
        return killed;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping consumers", e);
        } finally {
            LOGIN.disconnect(recorder);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = redis().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    redis().del(page.getKeys().toArray(byte[][]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            connection.close();
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
