package org.openedx.events.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.kafka.KafkaEventConsumer;
import org.openedx.events.kafka.KafkaEventProducer;
import org.openedx.events.kafka.KafkaSettings;
import org.openedx.events.settings.Settings;

/**
 * The Kafka bus against bare kafka-clients, in one run on one broker: produce N login events
 * with {@link KafkaEventProducer}, and N raw records with the same bytes (key, value, headers,
 * copied from what the bus wrote) with a bare {@link KafkaProducer}; then consume each topic
 * with a new group, with {@link KafkaEventConsumer} (decoding each event and emitting it to a
 * receiver) and with a bare {@link KafkaConsumer} (counting records). Both sides use their
 * library's defaults (so both producers are idempotent with {@code acks=all}), plus the
 * producer properties given as {@code -Dproducer=batch.size=262144,linger.ms=10}. A warm-up
 * round of each runs first, so that the JIT has compiled both paths. Besides the rates, it
 * prints the CPU time each event cost this process and the broker (given {@code -Dbroker.pid}).
 *
 * <pre>
 * java -cp benchmarks.jar org.openedx.events.benchmarks.KafkaLoad BOOTSTRAP REGISTRY_URL [N [PARTITIONS]]
 * </pre>
 */
public final class KafkaLoad {

    private static final int POOL = 10_000;
    /** Extra producer properties for both sides, e.g. {@code -Dproducer=batch.size=262144,linger.ms=10}. */
    private static final Map<String, Object> PRODUCER_PROPERTIES = new LinkedHashMap<>();

    private static final OpenEdxPublicSignal LOGIN = LearningSignals.SESSION_LOGIN_COMPLETED;

    static {
        String extra = System.getProperty("producer", "");
        for (String pair : extra.split(",")) {
            if (pair.contains("=")) {
                PRODUCER_PROPERTIES.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
    }

    private final String bootstrap;
    private final KafkaSettings settings;
    private final int partitions;
    private final EventData[] data = new EventData[POOL];
    private final EventsMetadata[] metadata = new EventsMetadata[POOL];
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private KafkaLoad(String bootstrap, String registry, int partitions) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        values.put("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", registry);
        values.put("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", PRODUCER_PROPERTIES);
        this.settings = KafkaSettings.from(Settings.of(values));
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
        new KafkaLoad(args[0], args[1], partitions).run(events);
        System.exit(0);
    }

    private void run(int events) throws Exception {
        int warmup = Math.max(POOL, events / 5);
        String warmBus = topic("warm-bus");
        String warmBare = topic("warm-bare");
        String bus = topic("bus");
        String bare = topic("bare");
        createTopics(warmBus, warmBare, bus, bare);

        produceWithBus(warmBus, warmup);
        List<ProducerRecord<byte[], byte[]>> records = copies(warmBus);
        produceBare(warmBare, records, warmup);
        consumeWithBus(warmBus, warmup);
        consumeBare(warmBare, warmup);

        Cpu cpu = new Cpu();
        double busProduce = produceWithBus(bus, events);
        String busProduceCpu = cpu.perEvent(events);
        double bareProduce = produceBare(bare, records, events);
        String bareProduceCpu = cpu.perEvent(events);
        double busConsume = consumeWithBus(bus, events);
        String busConsumeCpu = cpu.perEvent(events);
        double bareConsume = consumeBare(bare, events);
        String bareConsumeCpu = cpu.perEvent(events);

        ProducerRecord<byte[], byte[]> sample = records.get(0);
        int headerBytes = 0;
        for (Header header : sample.headers()) {
            headerBytes += header.key().length() + header.value().length;
        }
        System.out.printf("Kafka bus vs bare kafka-clients: %,d login events, %d partitions, one local broker%n",
                events, partitions);
        System.out.printf("record: key %d B, value %d B, %d headers %d B%n", sample.key().length,
                sample.value().length, sample.headers().toArray().length, headerBytes);
        System.out.printf("produce  bus %,9.0f events/s   bare %,9.0f records/s   bus/bare %3.0f%%%n", busProduce,
                bareProduce, 100 * busProduce / bareProduce);
        System.out.printf("consume  bus %,9.0f events/s   bare %,9.0f records/s   bus/bare %3.0f%%%n", busConsume,
                bareConsume, 100 * busConsume / bareConsume);
        System.out.printf("CPU per event (this process / broker): produce bus %s, bare %s; consume bus %s, bare %s%n",
                busProduceCpu, bareProduceCpu, busConsumeCpu, bareConsumeCpu);
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
        try (KafkaEventProducer producer = new KafkaEventProducer(settings, AvroEventSerializer.defaults())) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                producer.send(LOGIN, topic, "user.pii.username", data[i % POOL], metadata[i % POOL]);
            }
            if (!producer.flush(Duration.ofMinutes(2)) || producer.delivered() != events) {
                throw new IllegalStateException("The bus delivered " + producer.delivered() + " of " + events);
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
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                            done.countDown();
                        });
            }
            if (!done.await(2, TimeUnit.MINUTES) || failed.get() > 0) {
                throw new IllegalStateException("The bare producer failed " + failed.get() + " of " + events);
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Events/s from the first event a receiver gets to the last (the group join left out). */
    private double consumeWithBus(String topic, int events) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        KafkaEventConsumer consumer = new KafkaEventConsumer(settings, ConsumerSpec.of(topic, "load-" + topic),
                AvroEventSerializer.defaults());
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

    private double consumeBare(String topic, int events) {
        try (KafkaConsumer<byte[], byte[]> consumer = bareConsumer("load-" + topic)) {
            consumer.subscribe(List.of(topic));
            long count = 0;
            long first = 0;
            while (count < events) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                if (count == 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                count += records.count();
            }
            // As for the bus, the first record's receipt starts the clock (its batch counts).
            return (count - 1) / ((System.nanoTime() - first) / 1e9);
        }
    }

    private KafkaConsumer<byte[], byte[]> bareConsumer(String group) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("key.deserializer", ByteArrayDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        config.put("auto.offset.reset", "earliest");
        if (group != null) {
            config.put("group.id", group);
        }
        return new KafkaConsumer<>(config);
    }

    /** CPU time of this process and of the broker's (its pid in {@code -Dbroker.pid}), phase by phase. */
    private static final class Cpu {
        private final String brokerStat = System.getProperty("broker.pid") == null ? null
                : "/proc/" + System.getProperty("broker.pid") + "/stat";
        private long self = selfNanos();
        private long broker = brokerNanos();

        String perEvent(int events) {
            long selfNow = selfNanos();
            long brokerNow = brokerNanos();
            String text = String.format("%.1f/%s us", (selfNow - self) / 1e3 / events,
                    brokerStat == null ? "?" : String.format("%.1f", (brokerNow - broker) / 1e3 / events));
            self = selfNow;
            broker = brokerNow;
            return text;
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
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of(brokerStat));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second)
                return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
            } catch (java.io.IOException | RuntimeException e) {
                return 0;
            }
        }
    }
}
