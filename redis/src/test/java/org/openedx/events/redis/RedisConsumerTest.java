package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.LOGIN_AVRO;

import io.lettuce.core.StreamMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.ConsecutiveErrorsLimitException;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.InboundEvent;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.settings.Settings;
import org.openedx.events.redis.testing.RedisServices;


/**
 * Consumer semantics against the real Redis: positions, recovery, parking, retries, dead
 * letters, limits. Retries, dead-letter decisions and limits are core's pipeline; these tests
 * show them working end to end on Redis, with the entries and acknowledgements they leave.
 */
@ExtendWith(RedisServices.class)
@Tag("integration")
class RedisConsumerTest {

    private final RedisTestSupport redis = new RedisTestSupport();
    private final List<EventReceiver> extraReceivers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        try {
            redis.close();
        } finally {
            extraReceivers.forEach(LOGIN::disconnect);
        }
    }

    private void connect(EventReceiver receiver) {
        LOGIN.connect(receiver);
        extraReceivers.add(receiver);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void eventsArriveInStreamOrderInBatchesAndAreAllAcknowledged() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 50);
        redis.produce(settings, 0, 1000);
        redis.start(settings, "grp", Map.of("consumer_name", "c1"));

        await().until(() -> redis.received.size() == 1000);
        assertThat(redis.userIds()).isEqualTo(range(0, 1000));
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void aRestartedConsumerResumesWhereItsGroupStoppedWithoutSkippingOrRepeating() throws InterruptedException {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 20);
        redis.start(settings, "grp", Map.of("consumer_name", "c1"));
        await().until(() -> redis.received.size() == 20);
        redis.stopAll();

        redis.produce(settings, 20, 40);
        redis.start(settings, "grp", Map.of("consumer_name", "c2"));
        await().until(() -> redis.received.size() >= 40);
        redis.produce(settings, 40, 45);
        await().until(() -> redis.received.size() >= 45);
        await().during(Duration.ofMillis(200)).until(() -> redis.received.size() == 45);
        assertThat(redis.userIds()).isEqualTo(range(0, 45));
    }

    @Test
    void checkBacklogFalseSkipsWhatTheGroupHadNotRead() throws InterruptedException {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 5);
        redis.start(settings, "grp", Map.of());
        await().until(() -> redis.received.size() == 5);
        redis.stopAll();

        redis.produce(settings, 5, 10);
        redis.start(settings, "grp", Map.of("check_backlog", false, "consumer_name", "skipper"));
        redis.awaitReading("skipper");
        redis.produce(settings, 10, 12);
        await().until(() -> redis.received.size() == 7);
        assertThat(redis.userIds()).containsExactly(0L, 1L, 2L, 3L, 4L, 10L, 11L);
    }

    @Test
    void aNewGroupReadsTheRetainedStreamByDefault() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 5);
        redis.start(settings, "new-group", Map.of());
        await().until(() -> redis.received.size() == 5);
    }

    @Test
    void lastReadMsgIdReplaysTheEntriesAfterIt() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 10);
        String fifth = redis.entries(redis.stream).get(4).getId();
        redis.start(settings, "grp", Map.of("check_backlog", false, "consumer_name", "live"));
        redis.awaitReading("live");
        redis.produce(settings, 10, 11);
        await().until(() -> redis.received.size() == 1);
        redis.received.clear();

        redis.start(settings, "replay", Map.of("last_read_msg_id", fifth));
        await().until(() -> redis.received.size() == 6);
        assertThat(redis.userIds()).isEqualTo(range(5, 11));
    }

    /** A start option applies once: a reconnection does not move the group back. */
    @Test
    void startOptionsApplyOnceNotOnReconnection() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 3);
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("last_read_msg_id", "0",
                "consumer_name", "once"));
        await().until(() -> redis.received.size() == 3);
        redis.awaitReading("once");
        assertThat(redis.killConsumerConnections("once")).isPositive();
        await().until(() -> consumer.stats().reconnects() >= 1);
        redis.awaitReading("once");
        redis.produce(settings, 3, 4);
        await().until(() -> redis.received.size() == 4);
        assertThat(redis.userIds()).isEqualTo(range(0, 4));
    }

    /**
     * A consumer that dies between read and acknowledgement loses nothing: what it had not
     * handled is released, what it had handled is acknowledged as it ends, and the rest comes
     * first when it restarts.
     */
    @Test
    void aConsumerKilledMidBatchRecoversItsUnhandledEntriesWhenItRestarts() throws InterruptedException {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 10);
        AtomicInteger seen = new AtomicInteger();
        connect(event -> {
            if (seen.incrementAndGet() == 25) {
                throw new Killed();
            }
        });
        redis.produce(settings, 0, 50);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        redis.start(settings, "grp", Map.of("consumer_name", "c1"), failures);
        await().until(() -> !failures.isEmpty());
        assertThat(failures.get(0)).isInstanceOf(Killed.class);
        redis.stopAll();
        // 24 to 29, read in the killed batch and not handled.
        assertThat(redis.pending("grp")).isEqualTo(6);

        redis.start(settings, "grp", Map.of("consumer_name", "c1"));
        await().until(() -> redis.userIds().containsAll(range(0, 50)));
        await().until(() -> redis.pending("grp") == 0);
        List<Long> ids = redis.userIds();
        // The recorder saw 24 before the killing receiver ran; 24 was not done with, so it comes
        // again (at least once), and the entries after it once.
        assertThat(ids.subList(0, 25)).isEqualTo(range(0, 25));
        assertThat(ids.subList(25, ids.size())).isEqualTo(range(24, 50));
    }

    /** An error that escapes the receivers, as a crash of the consumer would. */
    private static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    /** A consumer killed without a chance to release: its own pending entries come first when it restarts. */
    @Test
    void aConsumerThatNeverAcknowledgedHandlesItsPendingEntriesFirst() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 5);
        redis.createGroup("grp");
        assertThat(redis.readAs("grp", "c1", 3)).hasSize(3);

        redis.start(settings, "grp", Map.of("consumer_name", "c1"));
        await().until(() -> redis.received.size() == 5);
        assertThat(redis.userIds()).isEqualTo(range(0, 5));
        await().until(() -> redis.pending("grp") == 0);
    }

    /** A graceful stop mid-batch hands what it read and did not handle back to the group, whatever the next name. */
    @Test
    void stopReleasesUnhandledEntriesToTheNextConsumerOfTheGroup() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 100);
        redis.produce(settings, 0, 100);
        EventBusConsumer consumer = redis.consumer(settings, "grp", Map.of());
        connect(event -> {
            if (event.data("user", UserData.class).id() == 9) {
                consumer.stop();
            }
        });
        consumer.consumeIndefinitely();
        assertThat(redis.userIds()).isEqualTo(range(0, 10));
        assertThat(redis.pending("grp")).isEqualTo(90);

        redis.start(settings, "grp", Map.of("consumer_name", "another-process"));
        await().until(() -> redis.received.size() == 100);
        assertThat(redis.userIds()).isEqualTo(range(0, 100));
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void stopEndsABlockedReadAtOnce() throws InterruptedException {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT", 60);
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "blocked"));
        redis.awaitReading("blocked");
        long start = System.nanoTime();
        redis.stopAll();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(consumer.stats().reconnects()).isZero();
    }

    @Test
    void failingReceiversAreRetriedWithBackoffThenTheEntryGoesToTheDeadLetterStream() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", 2);
        Instant now = Instant.parse("2024-05-01T12:00:00.123456Z");
        AtomicInteger calls = new AtomicInteger();
        connect(event -> {
            if (event.data("user", UserData.class).id() == 1) {
                calls.incrementAndGet();
                throw new IllegalStateException("receiver is broken");
            }
        });
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        DeliveryListener listener = new DeliveryListener() {
            @Override
            public void deadLettered(ConsumerInfo consumer, InboundEvent event, String position, String letter,
                                     int attempts, Throwable error) {
                reported.addAll(List.of(position, letter, Integer.toString(attempts)));
            }
        };
        redis.produce(settings, 0, 3);
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "c1"), listener,
                Clock.fixed(now, ZoneOffset.UTC));

        await().until(() -> redis.entries(redis.deadLetters).size() == 1);
        await().until(() -> redis.userIds().contains(2L));
        assertThat(calls.get()).isEqualTo(3);
        assertThat(consumer.stats().retried()).isEqualTo(2);
        assertThat(consumer.stats().deadLettered()).isEqualTo(1);
        StreamMessage<byte[], byte[]> original = redis.entries(redis.stream).get(1);
        StreamMessage<byte[], byte[]> letter = redis.entries(redis.deadLetters).get(0);
        Map<String, String> dead = RedisTestSupport.text(letter);
        Map<String, String> originalFields = RedisTestSupport.text(original);
        // The original fields, unchanged and in order, then the standard dead-letter attributes.
        List<String> names = new ArrayList<>(originalFields.keySet());
        names.addAll(List.of("error_type", "error", "attempts", "original_topic", "original_position",
                "consumer_group", "consumer_name", "dead_lettered_at"));
        assertThat(dead.keySet()).containsExactlyElementsOf(names);
        assertThat(letter.getBody().values().toArray()[7]).isEqualTo(original.getBody().values().toArray()[7]);
        assertThat(dead.entrySet().stream().limit(8).toList())
                .isEqualTo(originalFields.entrySet().stream().toList());
        assertThat(dead).containsEntry("error_type", "org.openedx.events.bus.ReceiverFailedException")
                .containsEntry("attempts", "3").containsEntry("original_topic", redis.stream)
                .containsEntry("original_position", original.getId()).containsEntry("consumer_group", "grp")
                .containsEntry("consumer_name", "c1").containsEntry("dead_lettered_at", "2024-05-01T12:00:00.123456+00:00");
        assertThat(dead.get("error")).contains("receiver is broken");
        assertThat(reported).containsExactly(original.getId(), letter.getId(), "3");
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void aReceiverThatRecoversWithinTheRetriesHandlesTheEvent() {
        Settings settings = redis.settings();
        AtomicInteger calls = new AtomicInteger();
        connect(event -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
        });
        redis.produce(settings, 0, 1);
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of());
        await().until(() -> consumer.stats().handled() == 1);
        assertThat(redis.entries(redis.deadLetters)).isEmpty();
        assertThat(consumer.stats().retried()).isEqualTo(2);
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void entriesThatCannotBeDecodedGoToTheDeadLetterStreamAtOnce() {
        Settings settings = redis.settings();
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "event_data", new byte[] {(byte) 0xf6});
        redis.xadd(redis.stream, "id", "3d657464-6d0b-11f0-a2a5-0242ac120002", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "time", "yesterday", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "source", "openedx/lms/web");
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "time", "2023-01-01T14:00:00+00:00",
                "sourcelib", new byte[] {(byte) 0xc3, 0x28}, "event_data", LOGIN_AVRO);
        redis.xaddUpstreamLogin("3d657464-6d0b-11f0-a2a5-0242ac120002", "2023-01-01T14:00:00+00:00");
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of());

        await().until(() -> consumer.stats().handled() == 1);
        List<Map<String, String>> dead = redis.entries(redis.deadLetters).stream().map(RedisTestSupport::text)
                .toList();
        assertThat(dead).hasSize(6).allSatisfy(entry -> assertThat(entry).containsEntry("attempts", "0"));
        assertThat(dead.get(0).get("error_type")).contains("AvroSerializationException");
        assertThat(dead.get(1).get("error")).contains("Missing \"type\" field");
        assertThat(dead.get(2).get("error")).contains("org.openedx.unknown.v1");
        assertThat(dead.get(3).get("error")).contains("Error determining metadata from message headers");
        assertThat(dead.get(4).get("error")).contains("b'event_data'");
        assertThat(dead.get(5).get("error")).contains("sourcelib").contains("UTF-8");
        assertThat(consumer.stats().retried()).isZero();
        assertThat(consumer.stats().undecodable()).isEqualTo(6);
        assertThat(consumer.stats().deadLettered()).isEqualTo(6);
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void entriesOtherConsumersLeftIdleAreClaimed() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 10);
        redis.createGroup("grp");
        assertThat(redis.readAs("grp", "dead-consumer", 4)).hasSize(4);
        redis.awaitIdle("grp", 150);

        redis.start(settings, "grp", Map.of("consumer_name", "heir", "claim_msgs_older_than", 100));
        await().until(() -> redis.received.size() == 10);
        assertThat(redis.userIds()).isEqualTo(range(0, 10));
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void recentEntriesOfOtherConsumersAreNotClaimed() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 3);
        redis.createGroup("grp");
        redis.readAs("grp", "alive", 1);

        redis.start(settings, "grp", Map.of("consumer_name", "other", "claim_msgs_older_than", 60_000));
        await().until(() -> redis.received.size() == 2);
        await().during(Duration.ofMillis(200)).until(() -> redis.received.size() == 2);
        assertThat(redis.userIds()).containsExactly(1L, 2L);
        assertThat(redis.pending("grp")).isEqualTo(1);
    }

    /** Entries trimmed by MAXLEN after they were read and before they were acknowledged are recorded, not lost silently. */
    @Test
    void pendingEntriesTrimmedAwayAreRecordedInTheDeadLetterStream() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 4);
        redis.createGroup("grp");
        redis.readAs("grp", "mine", 2);
        redis.readAs("grp", "dead", 1);
        List<String> ids = redis.entries(redis.stream).stream().map(StreamMessage::getId).toList();
        redis.redis().xtrim(RedisTestSupport.bytes(redis.stream), 1);

        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "mine",
                "claim_msgs_older_than", 0));
        await().until(() -> redis.entries(redis.deadLetters).size() == 3);
        await().until(() -> consumer.stats().handled() == 1);
        List<Map<String, String>> dead = redis.entries(redis.deadLetters).stream().map(RedisTestSupport::text)
                .toList();
        assertThat(dead.stream().map(e -> e.get("original_position")))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2));
        assertThat(dead).allSatisfy(entry -> assertThat(entry.get("error")).contains("trimmed by MAXLEN")
                .contains("before it was handled"));
        assertThat(redis.userIds()).containsExactly(3L);
        await().until(() -> redis.pending("grp") == 0);
    }

    /** An entry trimmed away between its read and its handling has no fields left: it gets a dead letter too. */
    @Test
    void anEntryTrimmedAwayAfterItWasReadIsRecordedInTheDeadLetterStream() {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 3);
        redis.createGroup("grp");
        assertThat(redis.readAs("grp", "mine", 2)).hasSize(2);
        String first = redis.entries(redis.stream).get(0).getId();
        redis.redis().xdel(RedisTestSupport.bytes(redis.stream), first);

        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "mine"));
        await().until(() -> consumer.stats().handled() == 2);
        Map<String, String> dead = RedisTestSupport.text(redis.entries(redis.deadLetters).get(0));
        assertThat(dead).containsEntry("original_position", first).containsEntry("attempts", "0")
                .containsEntry("error_type", "org.openedx.events.wire.UnusableMessageException");
        // The start-up XAUTOCLAIM finds it first and says so; without it, the pending read finds its empty body.
        assertThat(dead.get("error")).contains("trimmed by MAXLEN").contains("before it was handled");
        assertThat(dead.keySet()).first().isEqualTo("error_type");
        assertThat(redis.userIds()).containsExactly(1L, 2L);
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void theConsumerReconnectsAfterItsConnectionIsKilledAndLosesNothing() throws InterruptedException {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 20);
        connect(event -> Thread.sleep(1));
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "victim"));
        await().until(() -> redis.redis().clientList().contains("name=openedx-events-consumer:victim "));
        Thread producing = new Thread(() -> redis.produce(settings, 0, 600));
        producing.start();
        for (int kill = 0; kill < 3; kill++) {
            int before = redis.received.size();
            await().until(() -> redis.received.size() > before + 50);
            assertThat(redis.killConsumerConnections("victim")).isPositive();
        }
        producing.join();
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.userIds().containsAll(range(0, 600)));
        await().until(() -> redis.pending("grp") == 0);
        assertThat(consumer.stats().reconnects()).isGreaterThanOrEqualTo(3);
        List<Long> ids = redis.userIds();
        assertThat(ids.stream().distinct().toList()).isEqualTo(range(0, 600));
    }

    @Test
    void aStreamKeyHoldingSomethingElseEndsTheConsumerWithTheCause() {
        redis.redis().set(RedisTestSupport.bytes(redis.stream), RedisTestSupport.bytes("not a stream"));
        EventBusConsumer consumer = redis.consumer(redis.settings(), "grp", Map.of());
        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(RedisBusException.class).hasMessageContaining(redis.stream)
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void aDeadLetterKeyHoldingSomethingElseEndsTheConsumerAndTheEntryStaysPending() {
        redis.redis().set(RedisTestSupport.bytes(redis.deadLetters), RedisTestSupport.bytes("not a stream"));
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        EventBusConsumer consumer = redis.consumer(redis.settings(), "grp", Map.of());
        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(RedisBusException.class).hasMessageContaining(redis.deadLetters)
                .hasMessageContaining("WRONGTYPE");
        assertThat(redis.pending("grp")).isEqualTo(1);
    }

    @Test
    void theKillSwitchEndsTheConsumerAsItStarts() {
        EventBusConsumer consumer = redis.consumer(redis.settings("EVENT_BUS_REDIS_CONSUMERS_ENABLED", "false"),
                "grp", Map.of());
        consumer.consumeIndefinitely();
        assertThat(redis.redis().exists(RedisTestSupport.bytes(redis.stream))).isZero();
    }

    @Test
    void theConsecutiveErrorsLimitEndsTheConsumerAfterDeadLetteringAndAcknowledgingWhatItHandled() {
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        EventBusConsumer consumer = redis.consumer(
                redis.settings("EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 2), "grp", Map.of());

        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(ConsecutiveErrorsLimitException.class)
                .hasMessageContaining("Too many consecutive errors (2)");
        assertThat(redis.entries(redis.deadLetters)).hasSize(2);
        // The third entry was read in the same batch and not handled: it stays pending (released to the group).
        assertThat(redis.pending("grp")).isEqualTo(1);
    }

    @Test
    void theCoreErrorsLimitAppliesWhenTheRedisOneIsUnset() {
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        EventBusConsumer consumer = redis.consumer(
                redis.settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 1), "grp", Map.of());
        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(ConsecutiveErrorsLimitException.class);
    }

    @Test
    void connectionFailuresCountTowardsTheLimit() {
        EventBusConsumer consumer = redis.consumer(redis.settings(
                "EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1/0",
                "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 3), "grp", Map.of());
        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(ConsecutiveErrorsLimitException.class)
                .hasMessageContaining("redis://127.0.0.1:1/0");
        assertThat(consumer.stats().reconnects()).isEqualTo(3);
    }
}
