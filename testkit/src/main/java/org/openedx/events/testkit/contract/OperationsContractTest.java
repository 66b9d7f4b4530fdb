package org.openedx.events.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openedx.events.bus.ReceiverFailedException;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.GroupInfo;
import org.openedx.events.bus.spi.GroupMove;
import org.openedx.events.bus.spi.GroupTarget;
import org.openedx.events.bus.spi.StoredMessage;
import org.openedx.events.bus.spi.TopicInfo;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.ops.BusOperations;
import org.openedx.events.ops.DeadLetterSelection;
import org.openedx.events.ops.Redriven;

/**
 * The operations contract, on top of the delivery contract: dead letters listed with why they
 * failed, sent back unchanged and handled by a fixed receiver until no group lags; a send-back
 * that fails midway loses nothing; a group moved to a time, a position or the end; bad input
 * changes nothing. Through {@link BusOperations}, as the command line uses it.
 */
public abstract class OperationsContractTest extends EventBusContractTest {

    private BusOperations operations() {
        return operations(backend().createAdmin(BackendContext.of(settings(), Clock.systemUTC())));
    }

    private BusOperations operations(BusAdmin admin) {
        return new BusOperations(admin, BackendContext.of(settings(), Clock.systemUTC()), Clock.systemUTC());
    }

    @Test
    void deadLettersAreListedRedrivenAndHandledOnceByAFixedReceiver() throws Exception {
        List<UUID> ids = produce(events(0, 4));
        AtomicBoolean broken = new AtomicBoolean(true);
        receive(event -> {
            long id = event.data("user", UserData.class).id();
            if (broken.get() && (id == 1 || id == 2)) {
                throw new IllegalStateException("receiver broken on " + id);
            }
        });
        Recorder recorder = consume(settings("EVENT_BUS_CONSUMER_MAX_RETRIES", 1), topic(), "ops", Map.of());
        await().atMost(patience()).until(() -> recorder.handled.size() >= 2 && recorder.deadLetters.size() >= 2);

        try (BusOperations operations = operations()) {
            List<StoredMessage> letters = operations.deadLetters(topic(), 10);
            assertThat(letters).extracting(StoredMessage::eventId)
                    .containsExactly(ids.get(1).toString(), ids.get(2).toString());
            for (int i = 0; i < 2; i++) {
                DeadLetter letter = letters.get(i).deadLetter();
                UUID id = ids.get(i + 1);
                assertThat(letter.errorType()).isEqualTo(ReceiverFailedException.class.getName());
                assertThat(letter.error()).contains(IllegalStateException.class.getName() + ": receiver broken on "
                        + (i + 1));
                assertThat(letter.attempts()).isEqualTo(2);
                assertThat(letter.group()).isEqualTo(group("ops"));
                assertThat(letter.originalTopic()).isEqualTo(fullTopic(topic()));
                assertThat(letter.originalPosition()).isEqualTo(positions.get(id));
                assertThat(letters.get(i).decoded()).isInstanceOfSatisfying(DecodeResult.Decoded.class,
                        decoded -> assertThat(decoded.metadata()).isEqualTo(recorder.received.get(id).metadata()));
            }
            assertThat(operations.topics()).filteredOn(summary -> summary.topic().equals(topic())).singleElement()
                    .satisfies(summary -> {
                        assertThat(summary.messages()).isEqualTo(4);
                        assertThat(summary.deadLetters()).isEqualTo(2);
                    });

            broken.set(false);
            List<Redriven> moved = operations.redrive(topic(), new DeadLetterSelection.All(), false);
            assertThat(moved).extracting(r -> r.letter().eventId()).containsExactly(ids.get(1).toString(),
                    ids.get(2).toString());
            assertThat(moved).allSatisfy(r -> assertThat(r.fullTopic()).isEqualTo(fullTopic(topic())));

            await().atMost(patience()).until(() -> recorder.handled.size() >= 4);
            await().atMost(patience()).untilAsserted(() -> assertThat(operations.groups(topic()))
                    .filteredOn(group -> group.group().equals(group("ops"))).singleElement().satisfies(group -> {
                        assertThat(group.lag()).hasValue(0);
                        if (group.pending().isPresent()) {
                            assertThat(group.pending()).hasValue(0);
                        }
                    }));
            assertThat(operations.deadLetters(topic(), 10)).isEmpty();
            assertThat(recorder.handledIds()).containsExactlyInAnyOrderElementsOf(ids);

            // The letters went back as they were: the same bytes, metadata and event id, without the letter's attributes.
            try (BusAdmin admin = backend().createAdmin(BackendContext.of(settings(), Clock.systemUTC()))) {
                List<StoredMessage> onTopic = admin.read(fullTopic(topic()), 100);
                for (Redriven redriven : moved) {
                    assertThat(onTopic).filteredOn(message -> message.position().equals(redriven.newPosition()))
                            .singleElement().satisfies(message -> {
                                assertThat(message.value()).isEqualTo(redriven.letter().value());
                                assertThat(message.eventId()).isEqualTo(redriven.letter().eventId());
                                assertThat(message.deadLetter()).isNull();
                                assertThat(((DecodeResult.Decoded) message.decoded()).metadata())
                                        .isEqualTo(((DecodeResult.Decoded) redriven.letter().decoded()).metadata());
                            });
                }
            }
        }
    }

    @Test
    void aRedriveThatFailsMidwayLosesNothingAndCanBeRunAgain() throws Exception {
        List<UUID> ids = produce(events(0, 3));
        receive(event -> {
            throw new IllegalStateException("always");
        });
        Recorder recorder = consume(settings("EVENT_BUS_CONSUMER_MAX_RETRIES", 0), topic(), "crash", Map.of());
        await().atMost(patience()).until(() -> recorder.deadLetters.size() >= 3);
        stop(running.get(running.size() - 1));

        BusAdmin real = backend().createAdmin(BackendContext.of(settings(), Clock.systemUTC()));
        try (BusOperations crashing = operations(new FailingSecondRedrive(real))) {
            assertThatThrownBy(() -> crashing.redrive(topic(), new DeadLetterSelection.All(), false))
                    .hasMessageContaining("the process died");
            assertThat(crashing.deadLetters(topic(), 10)).extracting(StoredMessage::eventId)
                    .containsExactly(ids.get(1).toString(), ids.get(2).toString());
            assertThat(real.read(fullTopic(topic()), 100)).extracting(StoredMessage::eventId)
                    .containsExactly(ids.get(0).toString(), ids.get(1).toString(), ids.get(2).toString(),
                            ids.get(0).toString());

            assertThat(crashing.purge(topic(), new DeadLetterSelection.OlderThan(Duration.ofHours(1)), false)).isEmpty();
            assertThat(crashing.purge(topic(), new DeadLetterSelection.All(), true)).hasSize(2);
        }
        try (BusOperations operations = operations()) {
            assertThat(operations.deadLetters(topic(), 10)).hasSize(2);
            assertThat(operations.redrive(topic(), new DeadLetterSelection.EventIds(Set.of(ids.get(1).toString())),
                    false)).hasSize(1);
            assertThat(operations.purge(topic(), new DeadLetterSelection.All(), false)).extracting(StoredMessage::eventId)
                    .containsExactly(ids.get(2).toString());
            assertThat(operations.deadLetters(topic(), 10)).isEmpty();
        }
    }

    @Test
    void replayFromATimeRedeliversExactlyTheEventsAtOrAfterIt() throws Exception {
        List<UUID> earlier = produce(events(0, 3));
        long lastEarlier = System.currentTimeMillis();
        await().atMost(patience()).until(() -> System.currentTimeMillis() > lastEarlier + 1);
        Instant since = Instant.now();
        List<UUID> later = produce(events(3, 5));
        Recorder first = consume("replayed", Map.of());
        await().atMost(patience()).until(() -> first.handled.size() >= 5);
        stop(running.get(running.size() - 1));

        try (BusOperations operations = operations()) {
            awaitLagZero(operations, "replayed");
            GroupMove move = operations.replay(topic(), group("replayed"), new GroupTarget.FromTime(since));
            assertThat(move.toHandle()).isEqualTo(2);
            assertThat(move.newPosition()).isNotEqualTo(move.oldPosition());
        }
        Recorder again = consume("replayed", Map.of());
        await().atMost(patience()).until(() -> again.handled.size() >= 2);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> again.handled.size() == 2);
        assertThat(again.handledIds()).containsExactlyElementsOf(later);
        assertThat(earlier).doesNotContainAnyElementsOf(again.handledIds());
    }

    @Test
    void aGroupMovesToAPositionAndToTheEnd() throws Exception {
        List<UUID> ids = produce(events(0, 4));
        Recorder first = consume("moved", Map.of());
        await().atMost(patience()).until(() -> first.handled.size() >= 4);
        stop(running.get(running.size() - 1));

        try (BusOperations operations = operations()) {
            awaitLagZero(operations, "moved");
            GroupMove back = operations.replay(topic(), group("moved"),
                    new GroupTarget.FromPosition(positions.get(ids.get(2))));
            assertThat(back.toHandle()).isEqualTo(2);
            assertThat(lag(operations, "moved")).isEqualTo(2);
            GroupMove end = operations.replay(topic(), group("moved"), new GroupTarget.ToEnd());
            assertThat(end.toHandle()).isZero();
            assertThat(end.oldPosition()).isEqualTo(back.newPosition());
            operations.replay(topic(), group("moved"), new GroupTarget.FromPosition(positions.get(ids.get(3))));
        }
        Recorder again = consume("moved", Map.of());
        await().atMost(patience()).until(() -> again.handled.size() >= 1);
        await().during(Duration.ofMillis(300)).atMost(patience()).until(() -> again.handled.size() == 1);
        assertThat(again.handledIds()).containsExactly(ids.get(3));
    }

    @Test
    void badInputIsNamedAndChangesNothing() throws Exception {
        List<UUID> ids = produce(events(0, 2));
        Recorder first = consume("unchanged", Map.of());
        await().atMost(patience()).until(() -> first.handled.size() >= 2);
        stop(running.get(running.size() - 1));

        try (BusOperations operations = operations()) {
            awaitLagZero(operations, "unchanged");
            List<GroupInfo> before = operations.groups(topic());
            assertThatThrownBy(() -> operations.groups("no-such-topic")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No topic 'no-such-topic'");
            assertThatThrownBy(() -> operations.deadLetters("no-such-topic", 10))
                    .hasMessageContaining("No topic 'no-such-topic'");
            assertThatThrownBy(() -> operations.replay(topic(), group("nobody"), new GroupTarget.ToEnd()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no consumer group '"
                            + group("nobody") + "'");
            assertThatThrownBy(() -> operations.replay(topic(), group("unchanged"),
                    new GroupTarget.FromTime(Instant.now().plus(Duration.ofHours(1)))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the future");
            assertThatThrownBy(() -> operations.replay(topic(), group("unchanged"),
                    new GroupTarget.FromPosition(beyondTheEnd(positions.get(ids.get(1))))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
            String missing = UUID.randomUUID().toString();
            assertThatThrownBy(() -> operations.redrive(topic(), new DeadLetterSelection.EventIds(Set.of(missing)),
                    false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing);
            assertThatThrownBy(() -> operations.purge(topic(), new DeadLetterSelection.EventIds(Set.of(missing)),
                    false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing);
            assertThat(operations.groups(topic())).isEqualTo(before);
        }
    }

    /** A position well after the newest message, in the backend's notation, from the newest one's. */
    protected abstract String beyondTheEnd(String lastPosition);

    private void awaitLagZero(BusOperations operations, String group) {
        await().atMost(patience()).until(() -> lag(operations, group) == 0);
    }

    private long lag(BusOperations operations, String group) {
        return operations.groups(topic()).stream().filter(info -> info.group().equals(group(group))).findFirst()
                .orElseThrow().lag().orElse(-1);
    }

    /** A real admin whose second send-back fails after the send, as a process killed there would. */
    private static final class FailingSecondRedrive implements BusAdmin {
        private final BusAdmin admin;
        private final AtomicInteger redrives = new AtomicInteger();

        FailingSecondRedrive(BusAdmin admin) {
            this.admin = admin;
        }

        @Override
        public String redrive(String deadLetterTopic, StoredMessage letter, String fullTopic) {
            if (redrives.incrementAndGet() == 2) {
                throw new IllegalStateException("the process died before the send was confirmed");
            }
            return admin.redrive(deadLetterTopic, letter, fullTopic);
        }

        @Override
        public boolean topicExists(String fullTopic) {
            return admin.topicExists(fullTopic);
        }

        @Override
        public boolean deleteGroup(String fullTopic, String group) {
            return admin.deleteGroup(fullTopic, group);
        }

        @Override
        public List<TopicInfo> topics(String prefix) {
            return admin.topics(prefix);
        }

        @Override
        public List<GroupInfo> groups(String fullTopic) {
            return admin.groups(fullTopic);
        }

        @Override
        public List<StoredMessage> read(String fullTopic, int limit) {
            return admin.read(fullTopic, limit);
        }

        @Override
        public void checkRemovable(String fullTopic, Collection<StoredMessage> messages) {
            admin.checkRemovable(fullTopic, messages);
        }

        @Override
        public void remove(String fullTopic, Collection<StoredMessage> messages) {
            admin.remove(fullTopic, messages);
        }

        @Override
        public GroupMove moveGroup(String fullTopic, String group, GroupTarget target) {
            return admin.moveGroup(fullTopic, group, target);
        }

        @Override
        public void close() {
            admin.close();
        }
    }
}
