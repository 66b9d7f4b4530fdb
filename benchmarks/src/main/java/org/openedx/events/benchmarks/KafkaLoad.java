package org.openedx.events.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
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
 * The Kafka bus against bare kafka-clients, in one run on one broker: produce N login events
 * with the bus's producer ({@link EventBusBackends#producer}), and N raw records with the same
 * bytes (key, value, headers, copied from what the bus wrote) with a bare {@link KafkaProducer};
 * then consume each topic with a new group, with the bus's consumer ({@link EventBusBackends#consumer}:
 * decoding each event and emitting it to a receiver) and with two bare {@link KafkaConsumer}s,
 * one reading each record's key, value and headers, the other only counting records. Both sides use their
 * library's defaults (so both producers are idempotent with {@code acks=all}), plus the
 * client properties given as {@code -Dproducer=batch.size=262144,linger.ms=10} and
 * {@code -Dconsumer=max.poll.records=2000}. A warm-up
 * round of all the phases runs first, so that the JIT has compiled both paths in this process
 * and in the broker, then {@code -Drounds=3} measured rounds, each on new topics, with the bus
 * first in one round and the bare client first in the next; the medians are compared. Besides
 * the rates, it prints the CPU time each event cost this process, thread by thread, and the
 * broker (given {@code -Dbroker.pid}).
 *
 * <pre>
 * java -cp benchmarks.jar org.openedx.events.benchmarks.KafkaLoad BOOTSTRAP REGISTRY_URL [N [PARTITIONS]]
 * </pre>
 */
public final class KafkaLoad {

    private static final int POOL = 10_000;
    /** Extra producer properties for both sides, e.g. {@code -Dproducer=batch.size=262144,linger.ms=10}. */
    private static final Map<String, Object> PRODUCER_PROPERTIES = properties("producer");
    /** Extra consumer properties for both sides, e.g. {@code -Dconsumer=max.poll.records=2000}. */
    private static final Map<String, Object> CONSUMER_PROPERTIES = properties("consumer");

    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;

    private static Map<String, Object> properties(String systemProperty) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String pair : System.getProperty(systemProperty, "").split(",")) {
            if (pair.contains("=")) {
                properties.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return Map.copyOf(properties);
    }

    private final String bootstrap;
    private final Settings settings;
    private final int partitions;
    private final EventData[] data = new EventData[POOL];
    private final EventsMetadata[] metadata = new EventsMetadata[POOL];
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private KafkaLoad(String bootstrap, String registry, int partitions) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "kafka");
        values.put("EVENT_BUS_CONSUMER", "kafka");
        values.put("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        values.put("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", registry);
        values.put("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", PRODUCER_PROPERTIES);
        values.put("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES", CONSUMER_PROPERTIES);
        this.settings = Settings.of(values);
        for (int i = 0; i < POOL; i++) {
            data[i] = EventData.of("user", new UserData(i, true, new UserPersonalData(String.format("user%06d", i),
                    String.format("user%06d@example.com", i), String.format("User %06d", i))));
            metadata[i] = LOGIN.generateSignalMetadata(null);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: KafkaLoad BOOTSTRAP REGISTRY_URL [N [PARTITIONS]]");
            System.exit(2);
        }
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        new KafkaLoad(args[0], args[1], partitions).run(events, Integer.getInteger("rounds", 3));
        System.exit(0);
    }

    /** The four phases of a round, in the order of the rates printed. */
    private enum Phase {
        PRODUCE_BUS, PRODUCE_BARE, CONSUME_BUS, CONSUME_BARE, CONSUME_BARE_COUNTING
    }

    private void run(int events, int rounds) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = null;
        Map<Phase, List<Double>> rates = new java.util.EnumMap<>(Phase.class);
        Map<Phase, Cpu.Figure> cpu = new java.util.EnumMap<>(Phase.class);
        Cpu meter = new Cpu();
        List<String> topics = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            topics.add(topic("bus-" + round));
            topics.add(topic("bare-" + round));
        }
        // All at once before the first phase: a producer that sent to a topic created a moment before
        // sometimes stalled until its delivery timeout.
        createTopics(topics.toArray(String[]::new));
        // Round 0 warms up both paths (and the broker) with as many events as a measured round: a shorter one
        // left the JIT compiling the bus's code, and the broker's, during the first measured phase.
        for (int round = 0; round <= rounds; round++) {
            String bus = topic("bus-" + round);
            String bare = topic("bare-" + round);
            if (records == null) {
                produceWithBus(bus, POOL);
                records = copies(bus);
            }
            // Which side goes first alternates, so that neither always meets the broker or the JIT first.
            boolean busFirst = round % 2 == 0;
            Map<Phase, Double> measured = new java.util.EnumMap<>(Phase.class);
            for (Phase phase : busFirst ? List.of(Phase.PRODUCE_BUS, Phase.PRODUCE_BARE, Phase.CONSUME_BUS,
                    Phase.CONSUME_BARE, Phase.CONSUME_BARE_COUNTING) : List.of(Phase.PRODUCE_BARE, Phase.PRODUCE_BUS,
                    Phase.CONSUME_BARE_COUNTING, Phase.CONSUME_BARE, Phase.CONSUME_BUS)) {
                meter.start();
                double rate = switch (phase) {
                    case PRODUCE_BUS -> produceWithBus(bus, events);
                    case PRODUCE_BARE -> produceBare(bare, records, events);
                    case CONSUME_BUS -> consumeWithBus(bus, events, round);
                    case CONSUME_BARE -> consumeBare(bare, events, round, true);
                    case CONSUME_BARE_COUNTING -> consumeBare(bare, events, round, false);
                };
                Cpu.Figure figure = meter.stop(events);
                measured.put(phase, rate);
                if (round > 0) {
                    rates.computeIfAbsent(phase, p -> new ArrayList<>()).add(rate);
                    cpu.merge(phase, figure, Cpu.Figure::plus);
                }
            }
            System.out.printf("%s: produce bus %,.0f bare %,.0f (%.0f%%), consume bus %,.0f bare %,.0f (%.0f%%), "
                            + "bare counting %,.0f (%.0f%%)%n",
                    round == 0 ? "warm-up" : "round " + round, measured.get(Phase.PRODUCE_BUS),
                    measured.get(Phase.PRODUCE_BARE),
                    100 * measured.get(Phase.PRODUCE_BUS) / measured.get(Phase.PRODUCE_BARE),
                    measured.get(Phase.CONSUME_BUS), measured.get(Phase.CONSUME_BARE),
                    100 * measured.get(Phase.CONSUME_BUS) / measured.get(Phase.CONSUME_BARE),
                    measured.get(Phase.CONSUME_BARE_COUNTING),
                    100 * measured.get(Phase.CONSUME_BUS) / measured.get(Phase.CONSUME_BARE_COUNTING));
        }

        ProducerRecord<byte[], byte[]> sample = records.get(0);
        int headerBytes = 0;
        for (Header header : sample.headers()) {
            headerBytes += header.key().length() + header.value().length;
        }
        System.out.printf("Kafka bus vs bare kafka-clients: %,d login events per phase, %d partitions, one local "
                + "broker; medians of %d rounds%n", events, partitions, rounds);
        System.out.printf("record: key %d B, value %d B, %d headers %d B%n", sample.key().length,
                sample.value().length, sample.headers().toArray().length, headerBytes);
        double busProduce = median(rates.get(Phase.PRODUCE_BUS));
        double bareProduce = median(rates.get(Phase.PRODUCE_BARE));
        double busConsume = median(rates.get(Phase.CONSUME_BUS));
        double bareConsume = median(rates.get(Phase.CONSUME_BARE));
        double bareCounting = median(rates.get(Phase.CONSUME_BARE_COUNTING));
        System.out.printf("produce  bus %,9.0f events/s   bare %,9.0f records/s   bus/bare %3.0f%%%n", busProduce,
                bareProduce, 100 * busProduce / bareProduce);
        System.out.printf("consume  bus %,9.0f events/s   bare %,9.0f records/s   bus/bare %3.0f%%   (bare reading "
                + "each record's key, value and headers)%n", busConsume, bareConsume, 100 * busConsume / bareConsume);
        System.out.printf("                               bare %,9.0f records/s   bus/bare %3.0f%%   (bare counting "
                + "records, reading none)%n", bareCounting, 100 * busConsume / bareCounting);
        System.out.println("CPU per event in us, this process / broker (this process by thread: C = JIT compiler):");
        for (Phase phase : Phase.values()) {
            System.out.printf("  %-21s %s%n", phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    cpu.get(phase));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private String topic(String name) {
        return "load-" + run + "-" + name;
    }

    private void createTopics(String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> created = new ArrayList<>();
            for (String topic : topics) {
                created.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(created).all().get();
        }
    }

    /** Events/s from the first send until every event is acknowledged. */
    private double produceWithBus(String topic, int events) {
        // The events to send, made before the clock starts: what the bus does with them is measured.
        OutgoingEvent[] sent = new OutgoingEvent[POOL];
        for (int i = 0; i < POOL; i++) {
            sent[i] = new OutgoingEvent(LOGIN, topic, "user.pii.username", data[i], metadata[i]);
        }
        try (EventBusProducer producer = EventBusBackends.producer(settings)) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                producer.send(sent[i % POOL]);
            }
            if (!producer.flush(Duration.ofMinutes(2)) || producer.stats().delivered() != events) {
                throw new IllegalStateException("The bus delivered " + producer.stats().delivered() + " of " + events);
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The first records the bus wrote, as records to send again (same key, value and headers). */
    private List<ProducerRecord<byte[], byte[]>> copies(String topic) {
        List<ProducerRecord<byte[], byte[]>> copies = new ArrayList<>(POOL);
        try (KafkaConsumer<byte[], byte[]> consumer = bareConsumer(null)) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            while (copies.size() < POOL) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (copies.size() < POOL) {
                        copies.add(new ProducerRecord<>("", null, record.key(), record.value(), record.headers()));
                    }
                }
            }
        }
        return copies;
    }

    private double produceBare(String topic, List<ProducerRecord<byte[], byte[]>> records, int events)
            throws InterruptedException {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(events);
        Map<String, Object> config = new LinkedHashMap<>(PRODUCER_PROPERTIES);
        config.put("bootstrap.servers", bootstrap);
        config.put("key.serializer", ByteArraySerializer.class.getName());
        config.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                ProducerRecord<byte[], byte[]> copy = records.get(i % records.size());
                producer.send(new ProducerRecord<>(topic, null, copy.key(), copy.value(), copy.headers()),
                        (meta, error) -> {
                            if (error != null && failed.incrementAndGet() == 1) {
                                firstError.set(error);
                            }
                            done.countDown();
                        });
            }
            if (!done.await(2, TimeUnit.MINUTES) || failed.get() > 0) {
                throw new IllegalStateException("The bare producer failed " + failed.get() + " of " + events,
                        firstError.get());
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Events/s from the first event a receiver gets to the last (the group join left out). */
    private double consumeWithBus(String topic, int events, int round) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        EventBusConsumer consumer = EventBusBackends.consumer(settings,
                ConsumerSpec.of(topic, "load-" + topic + "-" + round));
        EventReceiver receiver = event -> {
            long n = count.incrementAndGet();
            if (n == 1) {
                first.set(System.nanoTime());
            }
            if (n == events) {
                last.set(System.nanoTime());
                consumer.stop();
            }
        };
        LOGIN.connect(receiver);
        try {
            Thread thread = new Thread(consumer::consumeIndefinitely, "bus-consumer");
            thread.start();
            thread.join(TimeUnit.MINUTES.toMillis(5));
            if (count.get() < events) {
                throw new IllegalStateException("The bus consumer got " + count.get() + " of " + events);
            }
        } finally {
            LOGIN.disconnect(receiver);
        }
        return (events - 1) / ((last.get() - first.get()) / 1e9);
    }

    /**
     * Records/s of a bare consumer that either reads each record (its key, value and headers, the
     * least an application needs to get at a record's data: kafka-clients reads header names and
     * values only when asked) or only counts the records polled.
     */
    private double consumeBare(String topic, int events, int round, boolean read) {
        try (KafkaConsumer<byte[], byte[]> consumer = bareConsumer("load-" + topic + "-" + round + "-"
                + (read ? "read" : "count"))) {
            consumer.subscribe(List.of(topic));
            long count = 0;
            long first = 0;
            long bytes = 0;
            while (count < events) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (count == 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                count += records.count();
                if (read) {
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        bytes += record.key().length + record.value().length;
                        for (Header header : record.headers()) {
                            bytes += header.key().length() + header.value().length;
                        }
                    }
                }
            }
            // As for the bus, the first record's receipt starts the clock (its batch counts).
            double rate = (count - 1) / ((System.nanoTime() - first) / 1e9);
            if (read && bytes < count) {
                throw new IllegalStateException("The bare consumer read " + bytes + " bytes in " + count + " records");
            }
            return rate;
        }
    }

    private KafkaConsumer<byte[], byte[]> bareConsumer(String group) {
        Map<String, Object> config = new LinkedHashMap<>(CONSUMER_PROPERTIES);
        config.put("bootstrap.servers", bootstrap);
        config.put("key.deserializer", ByteArrayDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        config.put("auto.offset.reset", "earliest");
        if (group != null) {
            config.put("group.id", group);
        }
        return new KafkaConsumer<>(config);
    }

    /** CPU time of this process, thread by thread, and of the broker (its pid in {@code -Dbroker.pid}), per phase. */
    private static final class Cpu {

        /** CPU per event of a phase (or of several, summed), in microseconds. */
        record Figure(int events, long self, long broker, Map<String, Long> threads) {
            Figure plus(Figure other) {
                Map<String, Long> sum = new java.util.TreeMap<>(threads);
                other.threads.forEach((name, nanos) -> sum.merge(name, nanos, Long::sum));
                return new Figure(events + other.events, self + other.self, broker + other.broker, sum);
            }

            @Override
            public String toString() {
                StringBuilder split = new StringBuilder();
                threads.forEach((name, nanos) -> {
                    if (nanos / 1e3 / events >= 0.05) {
                        split.append(split.length() == 0 ? "" : ", ")
                                .append(String.format("%s %.1f", name, nanos / 1e3 / events));
                    }
                });
                return String.format("%.1f / %s (%s)", self / 1e3 / events,
                        broker < 0 ? "?" : String.format("%.1f", broker / 1e3 / events), split);
            }
        }

        private record Seen(String name, long nanos) {
        }

        private final String brokerStat = System.getProperty("broker.pid") == null ? null
                : "/proc/" + System.getProperty("broker.pid") + "/stat";
        /** The last CPU time seen of every thread, kept after it ends (a closed client's threads count too). */
        private final Map<Long, Seen> lastSeen = new java.util.HashMap<>();
        private long self;
        private long broker;
        private Map<String, Long> threads;

        Cpu() {
            Thread sampler = new Thread(() -> {
                while (true) {
                    sampleThreads();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cpu-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        void start() {
            self = selfNanos();
            broker = brokerNanos();
            threads = threadNanos();
        }

        Figure stop(int events) {
            Map<String, Long> now = threadNanos();
            Map<String, Long> spent = new java.util.TreeMap<>();
            now.forEach((name, nanos) -> spent.put(name, nanos - threads.getOrDefault(name, 0L)));
            return new Figure(events, selfNanos() - self, brokerStat == null ? -1 : brokerNanos() - broker, spent);
        }

        /** CPU time per kind of thread (digits in names dropped). */
        private Map<String, Long> threadNanos() {
            sampleThreads();
            Map<String, Long> byName = new java.util.TreeMap<>();
            synchronized (lastSeen) {
                lastSeen.forEach((id, seen) -> byName.merge(seen.name, seen.nanos, Long::sum));
            }
            return byName;
        }

        /** Every thread of this process, JVM threads (GC, compiler) included, from /proc (Linux). */
        private void sampleThreads() {
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            if (tasks == null) {
                return;
            }
            for (java.io.File task : tasks) {
                try {
                    String name = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim()
                            .replaceAll("[0-9]+", "").replaceAll("[-| #]+.*$", "");
                    long nanos = ticks(java.nio.file.Files.readString(task.toPath().resolve("stat")));
                    synchronized (lastSeen) {
                        lastSeen.put(Long.parseLong(task.getName()), new Seen(name, nanos));
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }

        /** utime and stime, fields 14 and 15 of a /proc stat line, in clock ticks (100 per second), as ns. */
        private static long ticks(String stat) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        }

        private static long selfNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private long brokerNanos() {
            if (brokerStat == null) {
                return 0;
            }
            try {
                return ticks(java.nio.file.Files.readString(java.nio.file.Path.of(brokerStat)));
            } catch (java.io.IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
