package org.openedx.events.kafka.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.openedx.events.EventBusException;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.kafka.KafkaSettings;
import org.openedx.events.kafka.SchemaRegistryClient;
import org.openedx.events.kafka.SchemaRegistryException;

/**
 * Writes events to Kafka as edx-event-bus-kafka does: the value and the key in the Confluent
 * wire format with schemas registered under upstream's subjects, the CloudEvents headers, and
 * the partition librdkafka would choose. The client is idempotent with {@code acks=all}, so the
 * broker's retries neither lose nor duplicate events; each write is confirmed by the client's
 * callback, on its I/O thread.
 */
public final class KafkaProducerTransport implements ProducerTransport {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private record PlanKey(OpenEdxPublicSignal signal, String fullTopic, String eventKeyField) {
    }

    /** A schema under its subject, and its id once the registry gave it. */
    private static final class Registered {
        final String subject;
        final String schema;
        volatile int id = -1;

        Registered(String subject, String schema) {
            this.subject = subject;
            this.schema = schema;
        }
    }

    /** The value and key schemas of one event type on one topic with one key field (no key: null). */
    private record Plan(Registered value, Registered key) {
    }

    private final AvroEventSerializer serializer;
    private final SchemaRegistryClient registry;
    private final Producer<byte[], byte[]> producer;
    private final Map<PlanKey, Plan> plans = new ConcurrentHashMap<>();
    private final CloudEventHeaders headers = new CloudEventHeaders();

    /**
     * Checks that the schema registry answers, then creates the client.
     *
     * @throws SchemaRegistryException naming the registry URL when it cannot be reached or refuses the credentials
     * @throws org.openedx.events.settings.InvalidSettingException when the client cannot be configured
     */
    public KafkaProducerTransport(KafkaSettings settings, AvroEventSerializer serializer) {
        this.serializer = serializer;
        this.registry = SchemaRegistryClient.create(settings);
        registry.check();
        try {
            this.producer = new KafkaProducer<>(ClientConfigs.producer(settings));
        } catch (RuntimeException e) {
            throw ClientConfigs.invalid("producer", settings, true, e);
        }
    }

    /**
     * Frames the value and the key with their schemas' ids (registered once per plan) and hands
     * the record to the client; a failure before the client has it is reported at once.
     */
    @Override
    public void write(EncodedEvent event, WriteCallback callback) {
        try {
            OpenEdxPublicSignal signal = event.event().signal();
            String keyField = event.event().eventKeyField();
            Plan plan = plan(signal, event.fullTopic(), keyField);
            byte[] value = ConfluentFraming.frame(id(plan.value(), signal), event.value());
            byte[] key = null;
            if (plan.key() != null && event.key() != null) {
                key = ConfluentFraming.frame(id(plan.key(), signal), serializer.serializeKeyValue(signal, keyField,
                        event.key()));
            }
            producer.send(new ProducerRecord<>(event.fullTopic(), null, key, value,
                    headers.of(event.event().metadata(), event.traceContext())), (written, error) -> {
                        if (error == null) {
                            callback.delivered(event, written.partition() + ":" + written.offset());
                        } else {
                            callback.failed(event, classified(error));
                        }
                    });
        } catch (RuntimeException e) {
            // The client calls back for what it accepted and throws for what it did not.
            callback.failed(event, classified(e));
        }
    }

    /**
     * Says which failures are the broker's or the registry's absence, which the same send may
     * outlive (a relay then waits for them instead of counting an attempt towards parking the
     * event), by the types the clients give them; a refusal stays as it is.
     */
    private static Throwable classified(Throwable error) {
        if (error instanceof RetriableException) {
            return new TransportException("Kafka did not acknowledge the event: " + error, error);
        }
        if (error instanceof SchemaRegistryException registry && registry.retriable()) {
            return new TransportException(registry.getMessage(), registry);
        }
        return error;
    }

    private Plan plan(OpenEdxPublicSignal signal, String fullTopic, String eventKeyField) {
        PlanKey planKey = new PlanKey(signal, fullTopic, eventKeyField);
        Plan plan = plans.get(planKey);
        if (plan == null) {
            Registered key = null;
            if (eventKeyField != null) {
                Object type = serializer.keyFieldSchema(signal, eventKeyField).get("type");
                if (!(type instanceof String primitive)) {
                    throw new EventBusException("Cannot send event " + signal.eventType() + " with key field '"
                            + eventKeyField + "': the field's Avro type is not a primitive type, so it cannot be a key");
                }
                // Confluent's TopicRecordNameStrategy names a primitive schema by its type (kafka.md §4.4).
                key = new Registered(fullTopic + "-" + primitive, serializer.keySchemaString(signal, eventKeyField));
            }
            plan = new Plan(new Registered(fullTopic + "-" + signal.eventType() + ".CloudEvent",
                    serializer.schemaString(signal)), key);
            plans.put(planKey, plan);
        }
        return plan;
    }

    /** The schema's id, registered the first time it is needed. */
    private int id(Registered registered, OpenEdxPublicSignal signal) {
        int id = registered.id;
        if (id < 0) {
            try {
                id = registry.register(registered.subject, registered.schema);
            } catch (SchemaRegistryException e) {
                throw new EventBusException("Cannot send event " + signal.eventType() + ": " + e.getMessage(), e);
            }
            registered.id = id;
        }
        return id;
    }

    /** How long closing, and a flush at exit, wait for the broker to acknowledge what is in flight. */
    @Override
    public Duration deliveryTimeout() {
        return CLOSE_TIMEOUT;
    }

    @Override
    public void close(Duration timeout) {
        producer.close(timeout);
    }
}
