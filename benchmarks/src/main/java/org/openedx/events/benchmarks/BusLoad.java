package org.openedx.events.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.settings.Settings;

/**
 * Load through a real bus with the login event, one role per process: {@code produce} sends N
 * events (optionally at a fixed rate) and prints events/s; {@code consume} waits for N events
 * in a group and prints events/s (first to last receipt) and the latency from each event's
 * metadata time to its receipt. The bus is the one the settings (system properties,
 * environment) name.
 *
 * <pre>
 * java -cp benchmarks.jar org.openedx.events.benchmarks.BusLoad produce TOPIC N [RATE [THREADS]]
 * java -cp benchmarks.jar org.openedx.events.benchmarks.BusLoad consume TOPIC GROUP N [WARMUP [from-now]]
 * </pre>
 *
 * <p>With {@code THREADS}, that many threads share the N events (RATE 0: as fast as they can),
 * each sending its next event when the producer returned from the last one: the figure of a
 * service's concurrent requests, each of which sends an event.
 *
 * <p>The consumer leaves the first {@code WARMUP} events out of its figures: they are when the
 * JIT compiles the send and receive paths of both processes (hundreds of milliseconds).
 */
public final class BusLoad {

    private BusLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BusLoad produce TOPIC N [RATE [THREADS]] | consume TOPIC GROUP N [WARMUP [from-now]]");
            System.exit(2);
        }
        Settings settings = Settings.fromEnvironment();
        if (args[0].equals("produce")) {
            produce(settings, args[1], Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 0,
                    args.length > 4 ? Integer.parseInt(args[4]) : 1);
        } else {
            consume(settings, args[1], args[2], Integer.parseInt(args[3]),
                    args.length > 4 ? Integer.parseInt(args[4]) : 0, args.length > 5);
        }
    }

    private static void produce(Settings settings, String topic, int events, int rate, int threads)
            throws InterruptedException {
        EventData[] data = new EventData[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = EventData.of("user", new UserData(i, true,
                    new UserPersonalData("learner" + i, "learner" + i + "@example.com", "Learner " + i)));
        }
        var signal = LearningSignals.SESSION_LOGIN_COMPLETED;
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            long start = System.nanoTime();
            Thread[] senders = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                senders[t] = new Thread(() -> {
                    for (int i = first; i < events; i += threads) {
                        if (rate > 0) {
                            long due = start + (long) (i * 1e9 / rate);
                            while (System.nanoTime() < due) {
                                Thread.onSpinWait();
                            }
                        }
                        producer.send(new OutgoingEvent(signal, topic, "user.pii.username", data[i % data.length],
                                signal.generateSignalMetadata(null)));
                    }
                }, "sender-" + t);
                senders[t].start();
            }
            for (Thread sender : senders) {
                sender.join();
            }
            producer.flush(Duration.ofMinutes(1));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("produce: %d events in %.2f s = %.0f events/s%s%s%n", events, seconds, events / seconds,
                    threads > 1 ? " from " + threads + " threads" : "", rate > 0 ? " (paced at " + rate + "/s)" : "");
        }
    }

    private static void consume(Settings settings, String topic, String group, int events, int warmup,
                                boolean fromNow) throws InterruptedException {
        long[] latencyMicros = new long[events];
        long[] receivedAt = new long[events];
        AtomicInteger count = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (fromNow) {
            extra.put("check_backlog", false);
        }
        EventBusConsumer consumer = EventBusBackends.consumer(settings, new ConsumerSpec(topic, group, extra));
        EventReceiver receiver = event -> {
            int index = count.getAndIncrement() - warmup;
            if (index >= 0 && index < events) {
                Instant now = Instant.now();
                receivedAt[index] = System.nanoTime();
                latencyMicros[index] = ChronoUnit.MICROS.between(event.metadata().time().toInstant(), now);
            }
            if (index + 1 == events) {
                consumer.stop();
                done.countDown();
            }
        };
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(receiver);
        Thread thread = new Thread(consumer::consumeIndefinitely, "consumer");
        thread.start();
        System.out.println("consume: ready");
        done.await();
        thread.join();
        double seconds = (receivedAt[events - 1] - receivedAt[0]) / 1e9;
        Arrays.sort(latencyMicros);
        System.out.printf("consume: %d events (after %d warm-up) in %.2f s = %.0f events/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                events, warmup, seconds, (events - 1) / seconds, latencyMicros[events / 2] / 1000.0,
                latencyMicros[(int) Math.ceil(events * 0.99) - 1] / 1000.0, latencyMicros[events - 1] / 1000.0);
    }
}
