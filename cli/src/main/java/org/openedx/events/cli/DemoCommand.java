package org.openedx.events.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.ConsumerInfo;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.InboundEvent;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.catalog.contentauthoring.ContentAuthoringSignals;
import org.openedx.events.catalog.contentauthoring.XBlockData;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.keys.UsageKey;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The first thing to run: sample events of several types go through the bus (the embedded
 * one unless the settings name another) from a producer to a consumer group, with a
 * progress line and a summary of throughput and latency.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Produce sample events of several types and consume them in a second group, "
                + "then print events/s and p50/p99 latency; the demo's consumer group is deleted at the end.",
        footer = {"", "Examples:",
            "  openedx-events demo",
            "  EVENT_BUS_PRODUCER=redis EVENT_BUS_CONSUMER=redis openedx-events demo -n 20000 --rate 5000",
            "", "Environment: EVENT_BUS_PRODUCER and EVENT_BUS_CONSUMER choose the backend (embedded, redis, kafka; both "
                    + "unset: embedded); EVENT_BUS_SETTINGS_FILE; see 'openedx-events settings'."})
final class DemoCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    private static final String TOPIC = "openedx-demo";

    @Option(names = {"-n", "--events"}, defaultValue = "5000", description = "How many events (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", description = "Events per second to produce (default: as fast as possible).")
    Integer rate;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events must be at least 1");
        }
        Settings settings = parent.busSettings();
        PrintWriter err = spec.commandLine().getErr();
        String group = "demo-" + UUID.randomUUID();
        long[] latencies = new long[events];
        AtomicLong received = new AtomicLong();
        List<OpenEdxPublicSignal> signals = List.of(LearningSignals.SESSION_LOGIN_COMPLETED,
                LearningSignals.COURSE_ENROLLMENT_CREATED, ContentAuthoringSignals.XBLOCK_PUBLISHED);
        AtomicReference<Instant> measuredFrom = new AtomicReference<>(Instant.MAX);
        AtomicLong markers = new AtomicLong();
        AtomicReference<EventBusConsumer> running = new AtomicReference<>();
        DeliveryListener measure = new DeliveryListener() {
            @Override
            public void handled(ConsumerInfo consumer, InboundEvent event, int attempts, long nanos) {
                if (event.metadata().time().toInstant().isBefore(measuredFrom.get())) {
                    markers.incrementAndGet();
                    return;
                }
                long index = received.getAndIncrement();
                if (index < latencies.length) {
                    latencies[(int) index] = ChronoUnit.MICROS.between(event.metadata().time().toInstant(),
                            Instant.now());
                }
                if (index + 1 >= events) {
                    running.get().stop();
                }
            }
        };
        EventBusConsumer consumer = EventBusBackends.consumer(settings,
                new ConsumerSpec(TOPIC, group, Map.of("check_backlog", false)), measure, Clock.systemUTC());
        running.set(consumer);
        Thread consuming = new Thread(consumer::consumeIndefinitely, "demo-consumer");
        err.printf("demo: %d events of %d types through the %s bus, topic %s, group %s%n", events, signals.size(),
                settings.get(EventBusSettings.EVENT_BUS_PRODUCER), TOPIC, group);
        try {
            return run(settings, consumer, consuming, received, measuredFrom, markers, signals, latencies);
        } finally {
            consumer.stop();
            consuming.join(30_000);
            consumer.close();
            deleteGroup(settings, group, err);
        }
    }

    private int run(Settings settings, EventBusConsumer consumer, Thread consuming, AtomicLong received,
                    AtomicReference<Instant> measuredFrom, AtomicLong markers, List<OpenEdxPublicSignal> signals,
                    long[] latencies) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            consuming.start();
            awaitConsumer(producer, markers);
            measuredFrom.set(Instant.now());
            start = System.nanoTime();
            long nextProgress = start + 1_000_000_000L;
            for (int i = 0; i < events; i++) {
                OpenEdxPublicSignal signal = signals.get(i % signals.size());
                producer.send(OutgoingEvent.of(signal, TOPIC, signal.eventKeyField().orElse(null), sample(signal, i)));
                if (rate != null) {
                    long due = start + (long) ((i + 1) * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                }
                if (System.nanoTime() > nextProgress) {
                    nextProgress += 1_000_000_000L;
                    err.printf("demo: produced %d, consumed %d%n", i + 1, Math.min(received.get(), events));
                    err.flush();
                }
            }
            producer.flush(java.time.Duration.ofSeconds(30));
        }
        long produced = System.nanoTime();
        consuming.join(120_000);
        long end = System.nanoTime();
        if (consuming.isAlive()) {
            throw new IllegalStateException("only " + received.get() + " of " + events + " events arrived in 2 minutes");
        }
        long[] sorted = Arrays.copyOf(latencies, events);
        Arrays.sort(sorted);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("events: %d (%s)%n", events, String.join(", ", signals.stream().map(OpenEdxPublicSignal::eventType)
                .toList()));
        out.printf("produced: %.0f events/s%n", events / ((produced - start) / 1e9));
        out.printf("end to end: %.0f events/s%n", events / ((end - start) / 1e9));
        out.printf("latency: p50 %.2f ms, p99 %.2f ms%n", sorted[events / 2] / 1000.0,
                sorted[Math.min(events - 1, (int) Math.ceil(events * 0.99) - 1)] / 1000.0);
        out.flush();
        return 0;
    }

    /**
     * Sends marker events until the consumer receives one, so that it has taken its start
     * position (after the newest event) before the measured events go out.
     */
    private static void awaitConsumer(EventBusProducer producer, AtomicLong markers) throws InterruptedException {
        OpenEdxPublicSignal signal = LearningSignals.SESSION_LOGIN_COMPLETED;
        for (int attempt = 0; markers.get() == 0; attempt++) {
            if (attempt == 300) {
                throw new IllegalStateException("the demo consumer received nothing in 30 seconds");
            }
            if (attempt % 10 == 0) {
                producer.send(OutgoingEvent.of(signal, TOPIC, signal.eventKeyField().orElse(null), sample(signal, 0)));
                producer.flush(java.time.Duration.ofSeconds(10));
            }
            Thread.sleep(100);
        }
    }

    /** A demo leaves no consumer group behind; one that cannot be deleted is named so that it can be by hand. */
    private static void deleteGroup(Settings settings, String group, PrintWriter err) {
        String fullTopic = EventBusSettings.from(settings).fullTopic(TOPIC);
        try (BusAdmin admin = EventBusBackends.admin(settings)) {
            admin.deleteGroup(fullTopic, group);
        } catch (RuntimeException e) {
            err.println("demo: could not delete consumer group " + group + " of " + fullTopic + ": " + e.getMessage());
            err.flush();
        }
    }

    /** Realistic data for the sample event types. */
    static EventData sample(OpenEdxPublicSignal signal, int i) {
        UserData user = new UserData(1000 + i, true,
                new UserPersonalData("learner" + i, "learner" + i + "@example.com", "Learner " + i));
        CourseKey course = CourseKey.parse("course-v1:OpenedX+DemoX+Demo_Course_" + (i % 7));
        if (signal == LearningSignals.SESSION_LOGIN_COMPLETED) {
            return EventData.of("user", user);
        }
        if (signal == LearningSignals.COURSE_ENROLLMENT_CREATED) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            return EventData.of("enrollment", new CourseEnrollmentData(user,
                    new CourseData(course, "Demo Course " + (i % 7), now.minusDays(30), now.plusDays(60)),
                    i % 5 == 0 ? "verified" : "audit", true, now, null));
        }
        String usage = "block-v1:OpenedX+DemoX+Demo_Course_" + (i % 7) + "+type@problem+block@p" + i;
        return EventData.of("xblock_info", new XBlockData(UsageKey.parse(usage), "problem", null));
    }
}
