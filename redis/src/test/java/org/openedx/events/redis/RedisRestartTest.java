package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.TOPIC;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.redis.testing.RedisServer;
import org.openedx.events.settings.Settings;

/**
 * The producer across a restart of a Redis with persistence, and across a busy script, on a
 * server of the test's own: while Redis reads its AOF back it answers {@code LOADING}, and
 * {@code BUSY} while a long script runs, which mean "not ready", not "refused": every event
 * sent meanwhile must be stored, in send order per stream.
 */
@Tag("integration")
class RedisRestartTest {

    /** Keys of 100 bytes that make the AOF big enough for loading to take a few seconds. */
    private static final int FILL_KEYS = 1_500_000;
    private static final int RATE_PER_SECOND = 2000;

    @TempDir
    Path dir;

    @Test
    void eventsSentAcrossARestartThatLoadsTheAofAreAllStoredInOrder() throws Exception {
        try (RedisServer server = RedisServer.start(dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "no",
                "--enable-debug-command", "local");
             RedisTestSupport redis = new RedisTestSupport(server.url())) {
            fill(server);
            Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", 1_000_000);
            List<Long> sent = new ArrayList<>();
            long loadMillis;
            long failed;
            try (EventBusProducer producer = EventBusBackends.producer(settings)) {
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread sender = pacedSender(producer, sent, sending);
                awaitSent(sent, RATE_PER_SECOND);
                server.stop();
                awaitSent(sent, sent.size() + RATE_PER_SECOND / 4);
                long restart = System.nanoTime();
                server.restart();
                assertThat(server.ping()).as("the server is loading its AOF").startsWith("-LOADING");
                server.awaitReady(Duration.ofSeconds(60));
                loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart);
                awaitSent(sent, sent.size() + RATE_PER_SECOND);
                sending.set(false);
                sender.join();
                producer.flush(Duration.ofSeconds(60));
                failed = producer.stats().failed();
            }
            System.out.printf("Restart with a %d ms load: %d events sent, %d reported failed%n", loadMillis,
                    sent.size(), failed);
            assertStoredInOrder(redis, redis.stream, sent.stream().filter(i -> i % 3 != 0).toList());
            assertStoredInOrder(redis, redis.prefix + "-other", sent.stream().filter(i -> i % 3 == 0).toList());
            assertThat(failed).as("events reported failed; Redis loaded for %d ms", loadMillis).isZero();
        }
    }

    /**
     * A script that runs past {@code busy-reply-threshold} makes Redis answer {@code BUSY} to
     * the XADDs in flight: they are kept and sent again, in order, once it is ready.
     */
    @Test
    void eventsSentWhileAScriptKeepsRedisBusyAreAllStoredInOrder() throws Exception {
        try (RedisServer server = RedisServer.start(dir, "--busy-reply-threshold", "100");
             RedisTestSupport redis = new RedisTestSupport(server.url())) {
            Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", 1_000_000);
            List<Long> sent = new ArrayList<>();
            long failed;
            String busy;
            try (EventBusProducer producer = EventBusBackends.producer(settings)) {
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread sender = pacedSender(producer, sent, sending);
                awaitSent(sent, RATE_PER_SECOND / 2);
                busy = server.command("EVAL", "local t = redis.call('TIME'); local s = t[1] * 1000000 + t[2]; "
                        + "repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] - s > 1500000; return 1", "0");
                awaitSent(sent, sent.size() + RATE_PER_SECOND / 2);
                sending.set(false);
                sender.join();
                producer.flush(Duration.ofSeconds(60));
                failed = producer.stats().failed();
            }
            assertThat(busy).isEqualTo(":1");
            assertStoredInOrder(redis, redis.stream, sent.stream().filter(i -> i % 3 != 0).toList());
            assertStoredInOrder(redis, redis.prefix + "-other", sent.stream().filter(i -> i % 3 == 0).toList());
            assertThat(failed).as("events reported failed").isZero();
        }
    }

    /**
     * A connection that stops answering (the network holds its packets) is given up after 10 s
     * and its events go again on a new one; when the network then delivers the old connection's
     * XADDs late, Redis must not store them after the re-sent ones. The producer ends the old
     * connection on the server ({@code CLIENT KILL}) before it sends again.
     */
    @Test
    void xaddsOfAConnectionGivenUpOnAreNotStoredAfterTheirResends() throws Exception {
        try (RedisServer server = RedisServer.start(dir);
             RedisTestSupport redis = new RedisTestSupport(server.url());
             FreezingProxy proxy = new FreezingProxy(server.port())) {
            Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", 1_000_000,
                    "EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:" + proxy.port() + "/0");
            List<Long> sent = new ArrayList<>();
            long failed;
            try (EventBusProducer producer = EventBusBackends.producer(settings)) {
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread sender = pacedSender(producer, sent, sending);
                awaitSent(sent, RATE_PER_SECOND / 2);
                int before = proxy.accepted();
                proxy.freeze();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> proxy.accepted() > before);
                long stored = redis.redis().xlen(RedisTestSupport.bytes(redis.stream));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> redis.redis().xlen(RedisTestSupport.bytes(redis.stream)) > stored + 500);
                proxy.release();
                awaitSent(sent, sent.size() + RATE_PER_SECOND / 2);
                sending.set(false);
                sender.join();
                producer.flush(Duration.ofSeconds(60));
                failed = producer.stats().failed();
            }
            assertStoredInOrder(redis, redis.stream, sent.stream().filter(i -> i % 3 != 0).toList());
            assertStoredInOrder(redis, redis.prefix + "-other", sent.stream().filter(i -> i % 3 == 0).toList());
            assertThat(failed).as("events reported failed").isZero();
        }
    }

    /** Sends {@link #RATE_PER_SECOND} events a second, numbered from 0 and recorded in {@code sent}, until told. */
    private static Thread pacedSender(EventBusProducer producer, List<Long> sent, AtomicBoolean sending) {
        Thread sender = new Thread(() -> {
            long next = System.nanoTime();
            for (long i = 0; sending.get(); i++) {
                producer.send(event(i));
                synchronized (sent) {
                    sent.add(i);
                }
                next += TimeUnit.SECONDS.toNanos(1) / RATE_PER_SECOND;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }, "paced-sender");
        sender.start();
        return sender;
    }

    /** User {@code i}'s login, on {@code other} for every third, on {@link RedisTestSupport#TOPIC} otherwise. */
    static OutgoingEvent event(long i) {
        return new OutgoingEvent(LOGIN, i % 3 == 0 ? "other" : TOPIC, "user.pii.username", RedisTestSupport.login(i),
                LOGIN.generateSignalMetadata(null));
    }

    private static void awaitSent(List<Long> sent, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            synchronized (sent) {
                return sent.size() >= count;
            }
        });
    }

    /** Fills the server with bulk data and rewrites its AOF as commands, so that loading it takes seconds. */
    static void fill(RedisServer server) {
        RedisClient client = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            commands.setTimeout(Duration.ofMinutes(2));
            assertThat(server.command("DEBUG", "POPULATE", Integer.toString(FILL_KEYS), "fill", "100"))
                    .isEqualTo("+OK");
            commands.bgrewriteaof();
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> {
                String info = commands.info("persistence");
                return info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0");
            });
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * Every event sent is in the stream, and in send order: reading the stream, each entry is
     * the next event not stored yet, or a re-send. A re-send (after a lost reply) goes back to
     * an event already stored and then goes on in send order through the latest one stored
     * before it, and only then to new events: a run of duplicates that stops short of it and
     * jumps to newer events is a late delivery, stored out of order, and a failure; so is an
     * event stored ahead of one sent before it.
     */
    static void assertStoredInOrder(RedisTestSupport redis, String stream, List<Long> sent) {
        AvroEventSerializer avro = AvroEventSerializer.defaults();
        List<Long> stored = redis.entries(stream).stream().map(e -> avro.deserialize(LOGIN,
                e.getBody().values().toArray(byte[][]::new)[7]).get("user", UserData.class).id()).toList();
        java.util.Map<Long, Integer> order = new java.util.HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            order.put(sent.get(i), i);
        }
        Set<Long> seen = new HashSet<>();
        int latest = -1;
        int previous = -1;
        boolean resending = false;
        int duplicates = 0;
        List<String> problems = new ArrayList<>();
        for (int at = 0; at < stored.size(); at++) {
            long id = stored.get(at);
            int index = order.getOrDefault(id, -2);
            String problem = null;
            if (index == -2) {
                problem = "entry " + at + " is event " + id + ", which was not sent";
            } else if (seen.add(id)) {
                if (index != latest + 1) {
                    problem = "entry " + at + " is event " + id + " but event " + (latest + 1 < sent.size()
                            ? sent.get(latest + 1) : null) + " was sent before it and is not stored yet";
                } else if (resending && previous != latest) {
                    problem = "entry " + at + " is the new event " + id + " right after a run of duplicates that "
                            + "stopped at event " + sent.get(previous) + ", short of event " + sent.get(latest)
                            + ": those duplicates were stored late, out of order";
                }
                resending = false;
                latest = Math.max(latest, index);
            } else {
                duplicates++;
                if (resending && index != previous + 1 && index > previous) {
                    problem = "entry " + at + " is event " + id + " again, after event " + sent.get(previous)
                            + ": not a re-send in order";
                }
                resending = true;
            }
            if (problem != null && problems.size() < 10) {
                problems.add(problem);
            }
            if (index >= 0) {
                previous = index;
            }
        }
        int missing = sent.size() - seen.size();
        System.out.printf("%s: %d sent, %d stored, %d missing, %d duplicates, problems %s%n", stream, sent.size(),
                stored.size(), missing, duplicates, problems);
        assertThat(problems).as("%s: %d sent, %d stored, %d missing, %d duplicates", stream, sent.size(),
                stored.size(), missing, duplicates).isEmpty();
        assertThat(missing).as("%s: events sent and not stored (%d sent, %d duplicates)", stream, sent.size(),
                duplicates).isZero();
    }
}
