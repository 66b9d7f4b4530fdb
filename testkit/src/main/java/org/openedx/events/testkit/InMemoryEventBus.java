package org.openedx.events.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.EnvelopeDecoder;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.InboundBatch;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.MetadataCodec;

/**
 * An event bus in memory, for tests of code that produces and consumes. It is a backend like the
 * others, inside the same delivery pipeline: events are encoded as on the wire (schemaless Avro
 * and the metadata fields), topics keep every message in order, each consumer group has its own
 * position, receivers run as the real consumers run them ({@code fromEventBus} is true), and a
 * failing receiver is retried, then its event goes to {@code <topic>-dead-letter}. Thread-safe.
 *
 * <pre>{@code
 * InMemoryEventBus memory = new InMemoryEventBus();
 * try (EventBus bus = EventBus.builder().settings(settings).producer(memory.producer()).start()) {
 *     ...send events...
 *     memory.drain("user-login", "my-group");   // emits what the topic holds to this process's receivers
 * }
 * }</pre>
 */
public final class InMemoryEventBus implements EventBusBackend {

    /** One message on a topic, decoded: the signal, its data and metadata, its key and any attributes. */
    public record Message(long position, OpenEdxPublicSignal signal, String key, EventData data,
                          EventsMetadata metadata, Map<String, String> attributes) {
    }

    private record Stored(long position, byte[][] metadata, String key, byte[] value, Map<String, String> attributes) {
    }

    private static final int BATCH = 100;
    private static final Settings NO_SETTINGS = Settings.of(Map.of());

    private final AvroEventSerializer codec = AvroEventSerializer.defaults();
    private final Map<String, List<Stored>> topics = new HashMap<>();
    private final Map<String, Long> committed = new HashMap<>();
    /** Transports just made, by the identity of their spec, until {@link #create} takes them. */
    private final Map<ConsumerSpec, Transport> made = new IdentityHashMap<>();
    private long lastPosition;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public EventCodec codec() {
        return codec;
    }

    /** A producer that appends to this bus's topics (no topic prefix). */
    public EventBusProducer producer() {
        return producer(NO_SETTINGS, DeliveryListener.NONE);
    }

    /** A producer with these settings (a topic prefix, say) and listener. */
    public EventBusProducer producer(Settings settings, DeliveryListener listener) {
        return EventBusBackends.producer(this, settings, listener, Clock.systemUTC());
    }

    /** A consumer of one topic for one group that waits for events until stopped. */
    public EventBusConsumer consumer(String topic, String groupId) {
        return consumer(NO_SETTINGS, ConsumerSpec.of(topic, groupId), DeliveryListener.NONE);
    }

    /** A consumer with these settings (retries, a topic prefix, ...) and listener. */
    public EventBusConsumer consumer(Settings settings, ConsumerSpec spec, DeliveryListener listener) {
        return create(settings, spec, listener).consumer();
    }

    private record Created(EventBusConsumer consumer, Transport transport) {
    }

    private Created create(Settings settings, ConsumerSpec spec, DeliveryListener listener) {
        EventBusConsumer consumer = EventBusBackends.consumer(this, settings, spec, listener, Clock.systemUTC());
        synchronized (this) {
            // The transport the pipeline wraps was made for this very spec instance.
            return new Created(consumer, made.remove(spec));
        }
    }

    /**
     * Emits every event of the topic this group has not handled yet, through the delivery
     * pipeline (a receiver that keeps failing sends its event to the dead-letter topic), and
     * returns how many events every receiver handled.
     */
    public long drain(String topic, String groupId) {
        Created created = create(NO_SETTINGS, ConsumerSpec.of(topic, groupId), DeliveryListener.NONE);
        EventBusConsumer consumer = created.consumer();
        created.transport().stopWhenEmpty = consumer::stop;
        consumer.consumeIndefinitely();
        return consumer.stats().handled();
    }

    /**
     * Everything on a topic (as on the bus: with the prefix, if any) that decodes, in order; a
     * message that does not decode (see {@link #appendRaw}) is left out.
     */
    public synchronized List<Message> messages(String topic) {
        List<Message> messages = new ArrayList<>();
        EnvelopeDecoder decoder = new EnvelopeDecoder(MetadataCodec.BARE_FIELDS, false, codec);
        for (Stored stored : topics.getOrDefault(topic, List.of())) {
            if (decoder.decode(stored.metadata(), stored.value()) instanceof DecodeResult.Decoded event) {
                messages.add(new Message(stored.position(), event.signal(), stored.key(), event.data(),
                        event.metadata(), stored.attributes()));
            }
        }
        return messages;
    }

    /** The dead letters of a topic: {@code messages(topic + "-dead-letter")}. */
    public List<Message> deadLetters(String topic) {
        return messages(DeadLetter.topicOf(topic));
    }

    /**
     * Appends a message as it is, for tests of messages a producer would not write: metadata
     * fields by their bare names ({@code type}, {@code id}, ...) and the event data's bytes.
     *
     * @return its position
     */
    public synchronized long appendRaw(String topic, Map<String, String> metadataFields, byte[] value) {
        List<String> names = MetadataCodec.BARE_FIELDS.names();
        byte[][] metadata = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            String field = metadataFields.get(names.get(i));
            metadata[i] = field == null ? null : field.getBytes(StandardCharsets.UTF_8);
        }
        return append(topic, metadata, null, value, Map.of());
    }

    private synchronized long append(String topic, byte[][] metadata, String key, byte[] value,
                                     Map<String, String> attributes) {
        long position = ++lastPosition;
        topics.computeIfAbsent(topic, t -> new ArrayList<>()).add(new Stored(position, metadata, key, value,
                attributes));
        notifyAll();
        return position;
    }

    private static byte[][] metadataBytes(EventsMetadata metadata) {
        Map<String, String> fields = MetadataCodec.BARE_FIELDS.toFields(metadata);
        byte[][] bytes = new byte[fields.size()][];
        int i = 0;
        for (String value : fields.values()) {
            bytes[i++] = value.getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    @Override
    public ProducerTransport createProducer(BackendContext context) {
        return new ProducerTransport() {
            @Override
            public void write(EncodedEvent event, WriteCallback callback) {
                long position = append(event.fullTopic(), metadataBytes(event.event().metadata()), event.keyText(),
                        event.value(), Map.of());
                callback.delivered(event, Long.toString(position));
            }

            @Override
            public Duration deliveryTimeout() {
                return Duration.ZERO;
            }

            @Override
            public void close(Duration timeout) {
            }
        };
    }

    @Override
    public BusAdmin createAdmin(BackendContext context) {
        return new BusAdmin() {
            @Override
            public boolean topicExists(String fullTopic) {
                synchronized (InMemoryEventBus.this) {
                    return topics.containsKey(fullTopic)
                            || committed.keySet().stream().anyMatch(key -> key.startsWith(fullTopic + '\u0000'));
                }
            }

            @Override
            public boolean deleteGroup(String fullTopic, String group) {
                synchronized (InMemoryEventBus.this) {
                    return committed.remove(fullTopic + '\u0000' + group) != null;
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public ConsumerTransport createConsumer(ConsumerSpec spec, OptionTable.Options options, BackendContext context) {
        Transport transport = new Transport(context.fullTopic(spec.topic()), spec.groupId());
        synchronized (this) {
            made.put(spec, transport);
        }
        return transport;
    }

    private final class Transport implements ConsumerTransport {
        private final String topic;
        private final String group;
        private final EnvelopeDecoder decoder = new EnvelopeDecoder(MetadataCodec.BARE_FIELDS, false, codec);
        private volatile boolean woken;
        private long position = -1;
        private volatile Runnable stopWhenEmpty;

        Transport(String topic, String group) {
            this.topic = topic;
            this.group = group;
        }

        @Override
        public String consumerName() {
            return null;
        }

        @Override
        public void connect() {
            synchronized (InMemoryEventBus.this) {
                if (position < 0) {
                    position = committed.getOrDefault(key(), 0L);
                }
            }
        }

        private String key() {
            return topic + '\u0000' + group;
        }

        @Override
        public InboundBatch fetch() {
            List<Stored> batch = new ArrayList<>();
            synchronized (InMemoryEventBus.this) {
                next(batch);
                if (batch.isEmpty() && stopWhenEmpty == null && !woken) {
                    try {
                        InMemoryEventBus.this.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    next(batch);
                }
                woken = false;
            }
            if (batch.isEmpty()) {
                if (stopWhenEmpty != null) {
                    stopWhenEmpty.run();
                }
                return InboundBatch.EMPTY;
            }
            return new InboundBatch() {
                @Override
                public int size() {
                    return batch.size();
                }

                @Override
                public DecodeResult decode(int index) {
                    Stored stored = batch.get(index);
                    return DecodeResult.withLetter(decoder.decode(stored.metadata(), stored.value()),
                            DeadLetter.fromAttributes(stored.attributes()::get));
                }

                @Override
                public void done(int index) {
                    position = batch.get(index).position();
                }

                @Override
                public String position(int index) {
                    return Long.toString(batch.get(index).position());
                }

            };
        }

        private void next(List<Stored> batch) {
            for (Stored stored : topics.getOrDefault(topic, List.of())) {
                if (stored.position() > position) {
                    batch.add(stored);
                    if (batch.size() == BATCH) {
                        return;
                    }
                }
            }
        }

        @Override
        public void commit() {
            synchronized (InMemoryEventBus.this) {
                committed.put(key(), position);
            }
        }

        @Override
        public String deadLetter(InboundBatch batch, int index, DeadLetter letter) {
            Stored original = null;
            synchronized (InMemoryEventBus.this) {
                long wanted = Long.parseLong(batch.position(index));
                for (Stored stored : topics.getOrDefault(topic, List.of())) {
                    if (stored.position() == wanted) {
                        original = stored;
                    }
                }
            }
            Objects.requireNonNull(original, "the message to dead-letter");
            return Long.toString(append(DeadLetter.topicOf(topic), original.metadata(), original.key(),
                    original.value(), new LinkedHashMap<>(letter.attributes())));
        }

        @Override
        public void stopping() {
            synchronized (InMemoryEventBus.this) {
                woken = true;
                InMemoryEventBus.this.notifyAll();
            }
        }

        @Override
        public void close() {
        }
    }
}
