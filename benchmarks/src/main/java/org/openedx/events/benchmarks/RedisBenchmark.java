package org.openedx.events.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.redis.RedisConnectionUrl;
import org.openedx.events.redis.RedisSettings;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.MetadataCodec;

/**
 * The Redis bus with the login event, in one process, against a Redis on this machine:
 * <ol>
 *   <li>produce: one thread sends N events as fast as it can (same {@code XADD ... MAXLEN ~ 10000}
 *       as upstream); events/s from the first send until {@code flush} confirms the last;</li>
 *   <li>consume: a new group reads an N-event backlog, decodes each event, emits it to one
 *       receiver and acknowledges it; events/s until every entry is acknowledged;</li>
 *   <li>latency: events sent at a fixed rate while a consumer follows; send to receipt,
 *       p50/p99/p99.9/max (the first second left out as warm-up);</li>
 *   <li>{@code redis-benchmark} pipelining {@code XADD}s of the same shape (field names, value
 *       sizes) in the same run, and the ratios.</li>
 * </ol>
 * Producers and consumers are the ones {@code EVENT_BUS_PRODUCER=redis} / {@code EVENT_BUS_CONSUMER=redis}
 * make: Redis's transports inside core's delivery pipeline. Audit logging is off (one log line
 * per event would be measured instead). Usage:
 * {@code RedisBenchmark [produce N] [consume N] [rate R] [seconds S]}; settings (e.g.
 * {@code EVENT_BUS_REDIS_CONNECTION_URL}, default {@code redis://127.0.0.1:6379/0}) come from
 * system properties and the environment.
 */
public final class RedisBenchmark {

    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;
    private static final String DEFAULT_URL = "redis://127.0.0.1:6379/0";

    private final Settings base;
    private final String prefix = "bench" + UUID.randomUUID().toString().substring(0, 8);
    private final EventData[] data = new EventData[1 << 16];

    private RedisBenchmark(Settings base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new HashMap<>(Map.of("produce", 300_000, "consume", 200_000,
                "rate", 5_000, "seconds", 10));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        Settings environment = Settings.fromEnvironment();
        Settings.Builder builder = environment.toBuilder().put("EVENT_BUS_PRODUCER", "redis")
                .put("EVENT_BUS_CONSUMER", "redis").put("EVENT_BUS_REDIS_AUDIT_LOGGING_ENABLED", false);
        if (environment.raw("EVENT_BUS_REDIS_CONNECTION_URL").isEmpty()) {
            builder.put("EVENT_BUS_REDIS_CONNECTION_URL", DEFAULT_URL);
        }
        new RedisBenchmark(builder.build()).run(options);
    }

    private void run(Map<String, Integer> options) throws Exception {
        for (int i = 0; i < data.length; i++) {
            data[i] = EventData.of("user", new UserData(i, true,
                    new UserPersonalData("learner" + i, "learner" + i + "@example.com", "Learner " + i)));
        }
        String url = base.get(RedisSettings.EVENT_BUS_REDIS_CONNECTION_URL);
        RedisClient client = RedisClient.create(RedisConnectionUrl.parse(url).toRedisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            try {
                // The JIT needs a few hundred thousand events on each path before figures settle.
                System.out.println("warm-up ...");
                for (int round = 0; round < 3; round++) {
                    produce(settings(0), "warmup-produce", 200_000);
                }
                produce(settings(200_000 + 1000), "warmup", 200_000);
                consume(settings(0), "warmup", 200_000, redis);

                int n = options.get("produce");
                double produced = produce(settings(0), "produce", n);
                System.out.printf("produce: %,d events in one thread: %,.0f events/s%n", n, produced);

                int m = options.get("consume");
                produce(settings(m + 1000), "consume", m);
                double consumed = consume(settings(0), "consume", m, redis);
                System.out.printf("consume: %,d events (read, decode, emit to one receiver, acknowledge): %,.0f "
                        + "events/s%n", m, consumed);

                latency(options.get("rate"), options.get("seconds"));

                double reference = redisBenchmark(url, redis);
                System.out.printf("redis-benchmark XADD, same entry shape, -P 64: %,.0f XADD/s%n", reference);
                System.out.printf("ratios: produce %.2f, consume %.2f of redis-benchmark's pipelined XADD rate%n",
                        produced / reference, consumed / reference);
            } finally {
                List<String> keys = redis.keys(prefix + "*");
                if (!keys.isEmpty()) {
                    redis.del(keys.toArray(String[]::new));
                }
            }
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private Settings settings(int maxLen) {
        Settings.Builder builder = base.toBuilder().put("EVENT_BUS_TOPIC_PREFIX", prefix);
        if (maxLen > 0) {
            builder.put("EVENT_BUS_REDIS_STREAM_MAX_LEN", maxLen);
        }
        return builder.build();
    }

    /** Sends {@code n} events from this thread; events/s until the last is confirmed. */
    private double produce(Settings settings, String topic, int n) {
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                producer.send(new OutgoingEvent(LOGIN, topic, "user.pii.username", data[i & (data.length - 1)],
                        LOGIN.generateSignalMetadata(null)));
            }
            if (!producer.flush(Duration.ofMinutes(2)) || producer.stats().failed() > 0) {
                throw new IllegalStateException(producer.stats().failed() + " events were not delivered");
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** A new group reads {@code n} entries; events/s until all are handled and acknowledged. */
    private double consume(Settings settings, String topic, int n, RedisCommands<String, String> redis)
            throws InterruptedException {
        AtomicLong count = new AtomicLong();
        EventReceiver receiver = event -> count.incrementAndGet();
        LOGIN.connect(receiver);
        String group = "g" + UUID.randomUUID();
        // The group's stream as the backend names it: <prefix>-<topic>.
        EventBusConsumer consumer = EventBusBackends.consumer(settings,
                new ConsumerSpec(topic, group, Map.of("consumer_name", "bench")));
        String stream = prefix + "-" + topic;
        Thread thread = new Thread(consumer::consumeIndefinitely, "bench-consumer");
        try {
            long start = System.nanoTime();
            thread.start();
            while (consumer.stats().handled() < n || redis.xpending(stream, group).getCount() > 0) {
                Thread.sleep(1);
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            consumer.stop();
            thread.join();
            LOGIN.disconnect(receiver);
        }
    }

    /** Paced sends while a consumer follows: the time from each send to its receipt. */
    private void latency(int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        long[] sentAt = new long[total];
        long[] latency = new long[total];
        AtomicLong received = new AtomicLong();
        EventReceiver receiver = event -> {
            int id = (int) event.data("user", UserData.class).id();
            latency[id] = System.nanoTime() - sentAt[id];
            received.incrementAndGet();
        };
        Settings settings = settings(0);
        LOGIN.connect(receiver);
        EventBusConsumer consumer = EventBusBackends.consumer(settings,
                new ConsumerSpec("latency", "g", Map.of("consumer_name", "bench")));
        Thread thread = new Thread(consumer::consumeIndefinitely, "bench-consumer");
        thread.start();
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            Thread.sleep(500);
            EventData[] paced = new EventData[total];
            for (int i = 0; i < total; i++) {
                paced[i] = EventData.of("user", new UserData(i, true,
                        new UserPersonalData("learner" + i, "learner" + i + "@example.com", "Learner " + i)));
            }
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    // Sleeping, not spinning: a spinning sender would take a whole core of two from Redis and the bus.
                    LockSupport.parkNanos(wait);
                }
                EventsMetadata metadata = LOGIN.generateSignalMetadata(null);
                sentAt[i] = System.nanoTime();
                producer.send(new OutgoingEvent(LOGIN, "latency", "user.pii.username", paced[i], metadata));
            }
            producer.flush(Duration.ofMinutes(1));
            while (received.get() < total) {
                Thread.sleep(1);
            }
        } finally {
            consumer.stop();
            thread.join();
            LOGIN.disconnect(receiver);
        }
        long[] measured = Arrays.copyOfRange(latency, rate, total);
        Arrays.sort(measured);
        System.out.printf("latency at %,d events/s for %d s (send to receipt, first second left out): p50 %.2f ms, "
                        + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", rate, seconds, percentile(measured, 50),
                percentile(measured, 99), percentile(measured, 99.9), measured[measured.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /**
     * {@code redis-benchmark -P 64} of {@code XADD key MAXLEN ~ 10000 * <the 8 fields>} with
     * values as long as a login entry's (an ASCII stand-in for the Avro bytes, which a command
     * line cannot carry).
     */
    private double redisBenchmark(String url, RedisCommands<String, String> redis) throws IOException,
            InterruptedException {
        RedisConnectionUrl parsed = RedisConnectionUrl.parse(url);
        EventsMetadata metadata = LOGIN.generateSignalMetadata(null);
        byte[] avro = AvroEventSerializer.defaults().serialize(LOGIN, data[123]);
        String key = prefix + "-redis-benchmark";
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", parsed.host(), "-p",
                String.valueOf(parsed.port()), "-n", "200000", "-P", "64", "-q", "XADD", key, "MAXLEN", "~", "10000",
                "*"));
        MetadataCodec.BARE_FIELDS.toFields(metadata).forEach((name, value) -> {
            command.add(name);
            command.add(value);
        });
        command.add("event_data");
        command.add("x".repeat(avro.length));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
            }
        }
        process.waitFor();
        redis.del(key);
        Matcher rate = Pattern.compile("([0-9.]+) requests per second").matcher(output);
        String last = null;
        while (rate.find()) {
            last = rate.group(1);
        }
        if (last == null) {
            throw new IllegalStateException("redis-benchmark printed no rate: " + output);
        }
        return Double.parseDouble(last);
    }
}
