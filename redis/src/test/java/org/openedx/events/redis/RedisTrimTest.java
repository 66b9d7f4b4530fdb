package org.openedx.events.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.ConsecutiveErrorsLimitException;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.redis.testing.RedisServices;
import org.openedx.events.redis.testing.Stderr;
import org.openedx.events.settings.Settings;

/**
 * Entries {@code MAXLEN} trimmed before the group read them (its consumers were stopped, or
 * slower than the producer) are not lost silently: the consumer logs an ERROR saying how many
 * and which ids, and a record of the loss goes to the dead-letter stream and is counted.
 */
@ExtendWith(RedisServices.class)
@Tag("integration")
class RedisTrimTest {

    private static final int SENT = 3000;
    private static final int MAX_LEN = 100;
    private static final Pattern LOST = Pattern.compile("(\\d+) entries of stream \\S+ with ids after (\\S+) and "
            + "before (\\S+) were trimmed before consumer group grp read them");

    private final RedisTestSupport redis = new RedisTestSupport();
    private final List<EventReceiver> receivers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        try {
            redis.close();
        } finally {
            receivers.forEach(RedisTestSupport.LOGIN::disconnect);
        }
    }

    private final List<String> undecodable = Collections.synchronizedList(new ArrayList<>());
    private final DeliveryListener listener = new DeliveryListener() {
        @Override
        public void undecodable(ConsumerInfo consumer, String position, Throwable error) {
            undecodable.add(error.getMessage());
        }
    };

    private long length() {
        return redis.redis().xlen(RedisTestSupport.bytes(redis.stream));
    }

    @Test
    void entriesTrimmedWhileTheGroupsConsumerWasStoppedAreReportedAsItStarts() throws Exception {
        Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", MAX_LEN);
        redis.produce(settings, 0, 10);
        redis.start(settings, "grp", Map.of("consumer_name", "c1"));
        await().until(() -> redis.userIds().size() == 10);
        redis.stopAll();
        String lastRead = redis.entries(redis.stream).get(redis.entries(redis.stream).size() - 1).getId();

        redis.produce(settings, 10, 10 + SENT);
        long kept = length();
        String firstKeptAtStart = redis.entries(redis.stream).get(0).getId();
        String log = Stderr.capturedWhile(() -> {
            EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "c1"), listener,
                    Clock.systemUTC());
            await().until(() -> redis.userIds().size() == 10 + kept);
            await().until(() -> consumer.stats().deadLettered() == 1);
            redis.stopAll();
        });

        long lost = SENT - kept;
        assertThat(undecodable).singleElement().asString().contains(lost + " entries of stream " + redis.stream)
                .contains("after " + lastRead).contains("consumer group grp").contains("EVENT_BUS_REDIS_STREAM_MAX_LEN");
        assertThat(log).contains("ERROR org.openedx.events.redis.consumer - " + lost + " entries of stream "
                + redis.stream + " with ids after " + lastRead + " and before " + firstKeptAtStart
                + " were trimmed before consumer group grp");
        Map<String, String> letter = RedisTestSupport.text(redis.entries(redis.deadLetters).get(0));
        assertThat(letter).containsEntry("error_type", "org.openedx.events.wire.UnusableMessageException")
                .containsEntry("attempts", "0").containsEntry("consumer_group", "grp")
                .containsEntry("original_topic", redis.stream);
        Matcher matcher = LOST.matcher(letter.get("error"));
        assertThat(matcher.find()).as(letter.get("error")).isTrue();
        assertThat(letter.get("original_position")).isEqualTo(matcher.group(2) + ".." + matcher.group(3));
        assertThat(redis.entries(redis.deadLetters)).hasSize(1);
        // Every event is either handled or counted in the record.
        assertThat(redis.userIds().size() + Long.parseLong(matcher.group(1))).isEqualTo(10 + SENT);
    }

    @Test
    void theConsecutiveErrorsLimitMakesTheLossFatal() throws Exception {
        Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", MAX_LEN);
        redis.produce(settings, 0, 1);
        redis.start(settings, "grp", Map.of("consumer_name", "c1"));
        await().until(() -> redis.userIds().size() == 1);
        redis.stopAll();
        redis.produce(settings, 1, 1 + SENT);

        List<Throwable> ended = Collections.synchronizedList(new ArrayList<>());
        redis.start(redis.settings("EVENT_BUS_REDIS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", 1), "grp",
                Map.of("consumer_name", "c1"), ended);
        await().atMost(Duration.ofSeconds(20)).until(() -> !ended.isEmpty());
        assertThat(ended.get(0)).isInstanceOf(ConsecutiveErrorsLimitException.class)
                .hasMessageContaining("were trimmed before consumer group grp read them");
        assertThat(redis.entries(redis.deadLetters)).hasSize(1);
    }

    /** A running consumer slower than the producer finds the gap with its periodic check, once. */
    @Test
    void entriesTrimmedWhileARunningConsumerIsBusyAreReportedPeriodically() throws Exception {
        Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", MAX_LEN,
                "EVENT_BUS_REDIS_CONSUMER_BATCH_SIZE", 10);
        CountDownLatch busy = new CountDownLatch(1);
        EventReceiver blocker = event -> busy.await(60, TimeUnit.SECONDS);
        RedisTestSupport.LOGIN.connect(blocker);
        receivers.add(blocker);
        // The claim timer (every half of claim_msgs_older_than, at least half a second) also looks for gaps.
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "c1",
                "claim_msgs_older_than", 1000), listener, Clock.systemUTC());
        redis.awaitReading("c1");
        redis.produce(settings, 0, 1);
        await().until(() -> redis.pending("grp") == 1);
        redis.produce(settings, 1, 1 + SENT);
        long kept = length();
        busy.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.stats().deadLettered() == 1);
        await().until(() -> redis.userIds().size() == 1 + kept);
        assertThat(undecodable).singleElement().asString().contains((SENT - kept) + " entries of stream");
        // Found again on later checks, the same gap is not reported twice.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> consumer.stats().deadLettered() == 1);
        assertThat(redis.entries(redis.deadLetters)).hasSize(1);
    }

    /** A group created on a stream that was trimmed long before has lost nothing: no report. */
    @Test
    void aNewGroupOnATrimmedStreamReportsNothing() throws Exception {
        Settings settings = redis.settings("EVENT_BUS_REDIS_STREAM_MAX_LEN", MAX_LEN);
        redis.produce(settings, 0, SENT);
        long kept = length();
        EventBusConsumer consumer = redis.start(settings, "grp", Map.of("consumer_name", "c1"), listener,
                Clock.systemUTC());
        await().until(() -> redis.userIds().size() == kept);
        assertThat(consumer.stats().deadLettered()).isZero();
        assertThat(undecodable).isEmpty();
        assertThat(redis.entries(redis.deadLetters)).isEmpty();
    }
}
