package org.openedx.events.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.openedx.events.EventBusException;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.kafka.internal.ClientConfigs;
import org.openedx.events.kafka.internal.CloudEventHeaders;
import org.openedx.events.kafka.internal.ConfluentFraming;
import org.openedx.events.kafka.internal.EventJson;
import org.openedx.events.kafka.internal.PythonRepr;
import org.openedx.events.wire.EventKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to Kafka as edx-event-bus-kafka does: the value and the key in the Confluent
 * wire format with schemas registered under upstream's subjects, the CloudEvents headers, and
 * the partition librdkafka would choose. Sending is asynchronous and never throws: a send or
 * delivery that fails is logged with the event data and metadata as JSON (enough to send it
 * again) and counted, and the next {@link #flush(Duration)} reports it. The client is
 * idempotent with {@code acks=all}, so the broker's retries neither lose nor duplicate events.
 *
 * <p>{@link #close()}, and a JVM shutdown hook when the application does not close it, wait
 * for the events in flight (upstream loses them at exit).
 */
public final class KafkaEventProducer implements EventBusProducer {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventProducer.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** The topic as callers name it (usually the same string each time, its hash kept), not the full one. */
    private record PlanKey(OpenEdxPublicSignal signal, String topic, String eventKeyField) {
    }

    /** The subjects and schemas of one event type on one topic with one key field; ids once registered. */
    private static final class Plan {
        final String fullTopic;
        final String valueSubject;
        final String valueSchema;
        final String keySubject;
        final String keySchema;
        volatile int valueId = -1;
        volatile int keyId = -1;

        Plan(String fullTopic, String valueSubject, String valueSchema, String keySubject, String keySchema) {
            this.fullTopic = fullTopic;
            this.valueSubject = valueSubject;
            this.valueSchema = valueSchema;
            this.keySubject = keySubject;
            this.keySchema = keySchema;
        }
    }

    private final KafkaSettings settings;
    private final AvroEventSerializer serializer;
    private final SchemaRegistryClient registry;
    private final Producer<byte[], byte[]> producer;
    private final Map<PlanKey, Plan> plans = new ConcurrentHashMap<>();
    private final CloudEventHeaders headers = new CloudEventHeaders();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong failuresReported = new AtomicLong();
    private final Object idle = new Object();
    private final Thread shutdownHook;
    private volatile boolean closed;

    /**
     * Checks that the schema registry answers, then creates the Kafka client.
     *
     * @throws SchemaRegistryException naming the registry URL when it cannot be reached or refuses the credentials
     * @throws org.openedx.events.settings.InvalidSettingException when the client cannot be configured
     */
    public KafkaEventProducer(KafkaSettings settings, AvroEventSerializer serializer) {
        this.settings = settings;
        this.serializer = serializer;
        this.registry = SchemaRegistryClient.create(settings);
        registry.check();
        try {
            this.producer = new KafkaProducer<>(ClientConfigs.producer(settings));
        } catch (RuntimeException e) {
            throw ClientConfigs.invalid("producer", settings, true, e);
        }
        this.shutdownHook = new Thread(this::closeAtExit, "kafka-producer-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void send(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData eventData,
                     EventsMetadata metadata) {
        Delivery delivery = new Delivery(signal, topic, eventKeyField, eventData, metadata);
        try {
            Plan plan = plan(signal, topic, eventKeyField);
            byte[] value = ConfluentFraming.frame(valueId(plan, signal), serializer.serialize(signal, eventData));
            byte[] key = null;
            if (plan.keySchema != null) {
                byte[] keyBody = serializer.serializeKey(signal, eventKeyField, eventData);
                key = keyBody == null ? null : ConfluentFraming.frame(keyId(plan, signal), keyBody);
            }
            if (settings.auditLoggingEnabled() && LOG.isInfoEnabled()) {
                // kept for the delivery log line only, since each send is held until acknowledged
                delivery.key = key;
            }
            inFlight.incrementAndGet();
            delivery.counted = true;
            producer.send(new ProducerRecord<>(plan.fullTopic, null, key, value, headers.of(metadata)), delivery);
        } catch (RuntimeException e) {
            delivery.onCompletion(null, e);
        }
    }

    private Plan plan(OpenEdxPublicSignal signal, String topic, String eventKeyField) {
        PlanKey planKey = new PlanKey(signal, topic, eventKeyField);
        Plan plan = plans.get(planKey);
        if (plan == null) {
            String fullTopic = settings.fullTopic(topic);
            String keySubject = null;
            String keySchema = null;
            if (eventKeyField != null && !eventKeyField.isBlank()) {
                Object type = serializer.keyFieldSchema(signal, eventKeyField).get("type");
                if (!(type instanceof String primitive)) {
                    throw new EventBusException("Cannot send event " + signal.eventType() + " with key field '"
                            + eventKeyField + "': the field's Avro type is not a primitive type, so it cannot be a key");
                }
                // Confluent's TopicRecordNameStrategy names a primitive schema by its type (kafka.md §4.4).
                keySubject = fullTopic + "-" + primitive;
                keySchema = serializer.keySchemaString(signal, eventKeyField);
            }
            plan = new Plan(fullTopic, fullTopic + "-" + signal.eventType() + ".CloudEvent",
                    serializer.schemaString(signal), keySubject, keySchema);
            plans.put(planKey, plan);
        }
        return plan;
    }

    private int valueId(Plan plan, OpenEdxPublicSignal signal) {
        int id = plan.valueId;
        if (id < 0) {
            id = register(plan.valueSubject, plan.valueSchema, signal);
            plan.valueId = id;
        }
        return id;
    }

    private int keyId(Plan plan, OpenEdxPublicSignal signal) {
        int id = plan.keyId;
        if (id < 0) {
            id = register(plan.keySubject, plan.keySchema, signal);
            plan.keyId = id;
        }
        return id;
    }

    private int register(String subject, String schema, OpenEdxPublicSignal signal) {
        try {
            return registry.register(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new EventBusException("Cannot send event " + signal.eventType() + ": " + e.getMessage(), e);
        }
    }

    /** The outcome of one send: counts it, and logs a failure with all the event's context. */
    private final class Delivery implements Callback {
        private final OpenEdxPublicSignal signal;
        private final String topic;
        private final String eventKeyField;
        private final EventData data;
        private final EventsMetadata metadata;
        private byte[] key;
        private boolean counted;

        Delivery(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData data,
                 EventsMetadata metadata) {
            this.signal = signal;
            this.topic = topic;
            this.eventKeyField = eventKeyField;
            this.data = data;
            this.metadata = metadata;
        }

        @Override
        public void onCompletion(RecordMetadata record, Exception error) {
            if (error == null) {
                delivered.incrementAndGet();
                if (settings.auditLoggingEnabled() && LOG.isInfoEnabled()) {
                    LOG.info("Message delivered to Kafka event bus: topic={}, partition={}, offset={}, message_id={}, "
                            + "key={}", record.topic(), record.partition(), record.offset(), metadata.id(),
                            PythonRepr.bytes(key));
                }
            } else {
                failures.incrementAndGet();
                LOG.error("Error delivering message to Kafka event bus. error={} full_topic={} event_key={} signal={} "
                                + "initial_topic={} event_key_field={} event_data_as_json={} event_metadata_as_json={}",
                        error, PythonRepr.string(settings.fullTopic(topic)), keyText(), signal.eventType(),
                        PythonRepr.string(topic),
                        PythonRepr.string(eventKeyField), PythonRepr.string(EventJson.of(serializer, signal, data)),
                        PythonRepr.string(metadata.toJson()), error);
            }
            if (counted && inFlight.decrementAndGet() == 0) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
            counted = false;
        }

        private String keyText() {
            if (eventKeyField == null || eventKeyField.isBlank()) {
                return "None";
            }
            try {
                Object value = EventKeys.extract(data, eventKeyField);
                return value == null ? "None" : PythonRepr.string(String.valueOf(value));
            } catch (RuntimeException e) {
                return "None";
            }
        }
    }

    /**
     * Waits up to {@code timeout} for the events sent so far to be delivered.
     *
     * @return whether all were delivered and none failed since the previous flush
     */
    @Override
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            long left;
            while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        long failed = failures.get();
        return inFlight.get() == 0 & failuresReported.getAndSet(failed) == failed;
    }

    /** Events the broker acknowledged. */
    public long delivered() {
        return delivered.get();
    }

    /** Events that could not be sent or delivered (each was logged). */
    public long failures() {
        return failures.get();
    }

    /** Events handed to the client and not yet acknowledged or failed. */
    public long inFlight() {
        return inFlight.get();
    }

    /** Waits up to 30 seconds for the events in flight, then releases the client. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs (or ran) this
        }
        closeAtExit();
    }

    private void closeAtExit() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long pending = inFlight.get();
        if (pending > 0) {
            LOG.info("Closing the Kafka producer: waiting up to {} s for {} event(s) in flight",
                    CLOSE_TIMEOUT.toSeconds(), pending);
        }
        producer.close(CLOSE_TIMEOUT);
    }
}
