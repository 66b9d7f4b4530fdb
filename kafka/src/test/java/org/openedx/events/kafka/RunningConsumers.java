package org.openedx.events.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.settings.Settings;

/** Consumers a test runs on their own threads; {@link #close()} stops them and waits. */
final class RunningConsumers implements AutoCloseable {

    /** One consumer on its thread, and what ended it, if it failed. */
    record Running(EventBusConsumer consumer, Thread thread, AtomicReference<RuntimeException> failure) {
        void stopAndWait() throws InterruptedException {
            consumer.stop();
            thread.join(30_000);
        }
    }

    private final List<Running> running = new ArrayList<>();

    Running start(Settings settings, String topic, String group) {
        return start(settings, topic, group, Map.of());
    }

    Running start(Settings settings, String topic, String group, Map<String, Object> extra) {
        EventBusConsumer consumer = EventBusBackends.consumer(settings, new ConsumerSpec(topic, group, extra));
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                consumer.consumeIndefinitely();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "consumer-" + group + "-" + running.size());
        thread.start();
        Running started = new Running(consumer, thread, failure);
        running.add(started);
        return started;
    }

    @Override
    public void close() {
        for (Running r : running) {
            r.consumer().stop();
        }
        try {
            for (Running r : running) {
                r.thread().join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.clear();
    }
}
