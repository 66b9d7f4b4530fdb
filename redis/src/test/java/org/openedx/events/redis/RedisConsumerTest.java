package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.openedx.events.redis.RedisTestSupport.LOGIN;
import static org.openedx.events.redis.RedisTestSupport.LOGIN_AVRO;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.settings.Settings;


/** Consumer semantics against the real Redis: positions, recovery, retries, dead letters, limits. */
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
        Thread.sleep(200);
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

    /** A consumer that dies between read and acknowledgement loses nothing: its pending entries come first. */
    @Test
    void aConsumerKilledMidBatchRecoversItsPendingEntriesWhenItRestarts() throws InterruptedException {
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
        assertThat(redis.pending("grp")).isPositive();

        redis.start(settings, "grp", Map.of("consumer_name", "c1"));
        await().until(() -> redis.userIds().containsAll(range(0, 50)));
        await().until(() -> redis.pending("grp") == 0);
        List<Long> ids = redis.userIds();
        // The recorder saw 24 before the killing receiver ran; then the killed batch (20-29) came
        // again from the pending list, since none of it had been acknowledged: at least once.
        assertThat(ids.subList(0, 25)).isEqualTo(range(0, 25));
        assertThat(ids.subList(25, ids.size())).isEqualTo(range(20, 50));
    }

    /** An error that escapes the receivers, as a crash of the consumer would. */
    private static final class Killed extends Error {
        Killed() {
            super("killed");
        }
    }

    /** A graceful stop mid-batch hands what it read and did not handle back to the group, whatever the next name. */
    @Test
    void stopReleasesUnhandledEntriesToTheNextConsumerOfTheGroup() throws InterruptedException {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 100);
        redis.produce(settings, 0, 100);
        RedisEventConsumer consumer = redis.consumer(settings, "grp", Map.of());
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
        RedisEventConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "blocked"));
        await().until(() -> redis.redis().clientList().contains("cmd=xreadgroup")
                && redis.redis().clientList().contains("name=openedx-events-consumer:blocked "));
        Thread.sleep(100);
        long start = System.nanoTime();
        redis.stopAll();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(consumer.reconnects()).isZero();
    }

    @Test
    void failingReceiversAreRetriedWithBackoffThenTheEntryGoesToTheDeadLetterStream() {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_MAX_RETRIES", 2);
        AtomicInteger calls = new AtomicInteger();
        connect(event -> {
            if (event.data("user", UserData.class).id() == 1) {
                calls.incrementAndGet();
                throw new IllegalStateException("receiver is broken");
            }
        });
        redis.produce(settings, 0, 3);
        RedisEventConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "c1"));

        await().until(() -> redis.entries(redis.deadLetters).size() == 1);
        await().until(() -> redis.userIds().contains(2L));
        assertThat(calls.get()).isEqualTo(3);
        assertThat(consumer.retried()).isEqualTo(2);
        StreamMessage<byte[], byte[]> original = redis.entries(redis.stream).get(1);
        Map<String, String> dead = RedisTestSupport.text(redis.entries(redis.deadLetters).get(0));
        Map<String, String> originalFields = RedisTestSupport.text(original);
        assertThat(new ArrayList<>(dead.keySet()).subList(0, 8)).containsExactlyElementsOf(originalFields.keySet());
        assertThat(redis.entries(redis.deadLetters).get(0).getBody().values().toArray()[7])
                .isEqualTo(original.getBody().values().toArray()[7]);
        assertThat(dead).containsEntry("original_id", original.getId()).containsEntry("consumer_group", "grp")
                .containsEntry("consumer_name", "c1").containsEntry("attempts", "3");
        assertThat(dead.get("error")).contains("ReceiverFailedException").contains("receiver is broken");
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
        RedisEventConsumer consumer = redis.start(settings, "grp", Map.of());
        await().until(() -> consumer.handled() == 1);
        assertThat(redis.entries(redis.deadLetters)).isEmpty();
        assertThat(consumer.retried()).isEqualTo(2);
    }

    @Test
    void entriesThatCannotBeDecodedGoToTheDeadLetterStreamAtOnce() {
        Settings settings = redis.settings();
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "event_data", new byte[] {(byte) 0xf6});
        redis.xadd(redis.stream, "id", "3d657464-6d0b-11f0-a2a5-0242ac120002", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "time", "yesterday", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", LOGIN.eventType(), "id", "x");
        redis.xaddUpstreamLogin("3d657464-6d0b-11f0-a2a5-0242ac120002", "2023-01-01T14:00:00+00:00");
        RedisEventConsumer consumer = redis.start(settings, "grp", Map.of());

        await().until(() -> consumer.handled() == 1);
        List<Map<String, String>> dead = redis.entries(redis.deadLetters).stream().map(RedisTestSupport::text)
                .toList();
        assertThat(dead).hasSize(5).allSatisfy(entry -> assertThat(entry).containsEntry("attempts", "0"));
        assertThat(dead.get(0).get("error")).contains("AvroSerializationException");
        assertThat(dead.get(1).get("error")).contains("Missing \"type\" field");
        assertThat(dead.get(2).get("error")).contains("org.openedx.unknown.v1");
        assertThat(dead.get(3).get("error")).contains("Error determining metadata from message headers");
        assertThat(dead.get(4).get("error")).contains("b'event_data'");
        assertThat(consumer.retried()).isZero();
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void entriesOtherConsumersLeftIdleAreClaimed() throws InterruptedException {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 10);
        redis.createGroup("grp");
        assertThat(redis.readAs("grp", "dead-consumer", 4)).hasSize(4);
        Thread.sleep(150);

        redis.start(settings, "grp", Map.of("consumer_name", "heir", "claim_msgs_older_than", 100));
        await().until(() -> redis.received.size() == 10);
        assertThat(redis.userIds()).isEqualTo(range(0, 10));
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void recentEntriesOfOtherConsumersAreNotClaimed() throws InterruptedException {
        Settings settings = redis.settings();
        redis.produce(settings, 0, 3);
        redis.createGroup("grp");
        redis.readAs("grp", "alive", 1);

        redis.start(settings, "grp", Map.of("consumer_name", "other", "claim_msgs_older_than", 60_000));
        await().until(() -> redis.received.size() == 2);
        Thread.sleep(200);
        assertThat(redis.userIds()).containsExactly(1L, 2L);
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

        RedisEventConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "mine",
                "claim_msgs_older_than", 0));
        await().until(() -> redis.entries(redis.deadLetters).size() == 3);
        await().until(() -> consumer.handled() == 1);
        assertThat(redis.entries(redis.deadLetters).stream().map(e -> RedisTestSupport.text(e).get("original_id")))
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2));
        assertThat(RedisTestSupport.text(redis.entries(redis.deadLetters).get(0)).get("error")).contains("trimmed");
        assertThat(redis.userIds()).containsExactly(3L);
        await().until(() -> redis.pending("grp") == 0);
    }

    @Test
    void theConsumerReconnectsAfterItsConnectionIsKilledAndLosesNothing() throws InterruptedException {
        Settings settings = redis.settings("EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 20);
        connect(event -> Thread.sleep(1));
        RedisEventConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "victim"));
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
        assertThat(consumer.reconnects()).isGreaterThanOrEqualTo(3);
        List<Long> ids = redis.userIds();
        assertThat(ids.stream().distinct().toList()).isEqualTo(range(0, 600));
    }

    @Test
    void aStreamKeyHoldingSomethingElseEndsTheConsumerWithTheCause() {
        redis.redis().set(RedisTestSupport.bytes(redis.stream), RedisTestSupport.bytes("not a stream"));
        RedisEventConsumer consumer = redis.consumer(redis.settings(), "grp", Map.of());
        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(RedisBusException.class).hasMessageContaining(redis.stream)
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void theKillSwitchEndsTheConsumerAsItStarts() {
        RedisEventConsumer consumer = redis.consumer(redis.settings("EVENT_BUS_REDIS_CONSUMERS_ENABLED", "false"),
                "grp", Map.of());
        consumer.consumeIndefinitely();
        assertThat(redis.redis().exists(RedisTestSupport.bytes(redis.stream))).isZero();
    }

    @Test
    void theConsecutiveErrorsLimitEndsTheConsumerAfterDeadLetteringAndAcknowledgingWhatItHandled() {
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        RedisEventConsumer consumer = redis.consumer(
                redis.settings("EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 2), "grp", Map.of());

        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(ConsecutiveErrors.LimitReachedException.class)
                .hasMessageContaining("Too many consecutive errors (2)");
        assertThat(redis.entries(redis.deadLetters)).hasSize(2);
        // The third entry was read in the same batch and not handled: it stays pending.
        assertThat(redis.pending("grp")).isEqualTo(1);
    }

    @Test
    void theCoreErrorsLimitAppliesWhenTheRedisOneIsUnset() {
        redis.xadd(redis.stream, "type", "org.openedx.unknown.v1", "event_data", LOGIN_AVRO);
        RedisEventConsumer consumer = redis.consumer(
                redis.settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 1), "grp", Map.of());
        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(ConsecutiveErrors.LimitReachedException.class);
    }

    @Test
    void connectionFailuresCountTowardsTheLimit() {
        RedisEventConsumer consumer = redis.consumer(redis.settings(
                "EVENT_BUS_REDIS_CONNECTION_URL", "redis://127.0.0.1:1/0",
                "EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 3), "grp", Map.of());
        assertThatThrownBy(consumer::consumeIndefinitely)
                .isInstanceOf(ConsecutiveErrors.LimitReachedException.class);
        assertThat(consumer.reconnects()).isEqualTo(3);
    }
}
