package org.openedx.events.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;

/**
 * An event bus in memory for tests of code that produces and consumes: topics keep every
 * event in order, each consumer group has its own position, and consumers re-emit events
 * the way the real backends do ({@code sendEventWithCustomMetadata}, so
 * {@code fromEventBus} is true). Events are not serialized.
 *
 * <pre>{@code
 * InMemoryEventBus memory = new InMemoryEventBus();
 * try (EventBus bus = EventBus.builder().settings(settings).producer(memory.producer()).start()) {
 *     ...send events...
 *     memory.drain("user-login", "my-group");   // emits what the topic holds to this process's receivers
 * }
 * }</pre>
 */
public final class InMemoryEventBus {

    /** One published event. */
    public record Message(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData data,
                          EventsMetadata metadata) {
    }

    private final Map<String, List<Message>> topics = new HashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();

    /** A producer that appends to this bus's topics. */
    public EventBusProducer producer() {
        return this::publish;
    }

    private synchronized void publish(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData data,
                                      EventsMetadata metadata) {
        topics.computeIfAbsent(topic, t -> new ArrayList<>()).add(new Message(signal, topic, eventKeyField, data,
                metadata));
        notifyAll();
    }

    /** Everything published to a topic, in order. */
    public synchronized List<Message> messages(String topic) {
        return List.copyOf(topics.getOrDefault(topic, List.of()));
    }

    /**
     * Emits every event of the topic this group has not yet handled and returns how many.
     * A receiver exception (a plain send) propagates and the group's position stays on that event.
     */
    public int drain(String topic, String groupId) {
        int handled = 0;
        for (Optional<Message> next = next(topic, groupId); next.isPresent(); next = next(topic, groupId)) {
            emit(next.get());
            advance(topic, groupId);
            handled++;
        }
        return handled;
    }

    /** A consumer of one topic for one group that waits for events until stopped. */
    public EventBusConsumer consumer(String topic, String groupId) {
        return new EventBusConsumer() {
            private volatile boolean stopped;

            @Override
            public void consumeIndefinitely() {
                while (!stopped) {
                    Optional<Message> next = awaitNext(topic, groupId);
                    if (next.isPresent()) {
                        emit(next.get());
                        advance(topic, groupId);
                    }
                }
            }

            @Override
            public void stop() {
                stopped = true;
                synchronized (InMemoryEventBus.this) {
                    InMemoryEventBus.this.notifyAll();
                }
            }
        };
    }

    private static void emit(Message message) {
        message.signal().sendEventWithCustomMetadata(message.metadata(), message.data());
    }

    private synchronized Optional<Message> next(String topic, String groupId) {
        List<Message> messages = topics.getOrDefault(topic, List.of());
        int position = positions.getOrDefault(topic + "\u0000" + groupId, 0);
        return position < messages.size() ? Optional.of(messages.get(position)) : Optional.empty();
    }

    private synchronized Optional<Message> awaitNext(String topic, String groupId) {
        Optional<Message> next = next(topic, groupId);
        if (next.isEmpty()) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return next(topic, groupId);
    }

    private synchronized void advance(String topic, String groupId) {
        positions.merge(topic + "\u0000" + groupId, 1, Integer::sum);
    }
}
