package org.openedx.events.kafka.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SenderValidationException;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.avro.AvroSchemas;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.bus.EventEmitter;
import org.openedx.events.kafka.KafkaSettings;
import org.openedx.events.kafka.SchemaRegistryClient;
import org.openedx.events.kafka.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one Kafka message: decodes it (signal from {@code ce_type}, writer schema from the
 * registry, metadata from the headers), emits it to the receivers, retrying with backoff when
 * they fail, and when it cannot be decoded or its retries are spent, copies it to the
 * dead-letter topic. A registry that cannot be reached is waited for, not a reason to give a
 * message up.
 */
public final class RecordHandler {

    /** What became of a message. */
    public enum Outcome {
        /** Every receiver handled it. */
        HANDLED,
        /** It went to the dead-letter topic; {@link #lastFailure()} says why. */
        DEAD_LETTERED,
        /** The consumer stopped, or lost the partition, before it was done: it must not be committed. */
        ABANDONED
    }

    /** Waits between attempts, keeping the consumer in its group. */
    @FunctionalInterface
    public interface Pause {
        /** Returns false, possibly early, when the message is to be abandoned. */
        boolean pause(Duration duration);
    }

    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.kafka.KafkaEventConsumer");
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int MAX_LOGGED_VALUE = 1000;

    private final KafkaSettings settings;
    private final AvroEventSerializer serializer;
    private final SchemaRegistryClient registry;
    private final String group;
    private final DeadLetters deadLetters;
    private final ConsecutiveErrors errors;
    /** Decodes again what failed to decode ahead, on the handling thread. */
    private final Decoder decoder;
    private final Map<Integer, Schema> writerSchemas = new ConcurrentHashMap<>();
    /** One instance per distinct writer schema, so the serializer's resolvers are built once per schema. */
    private final Map<Schema, Schema> distinctWriterSchemas = new ConcurrentHashMap<>();
    private RuntimeException lastFailure;
    /** Written by the consuming thread only, read by any: an ordered store is enough, no fence per event. */
    private final AtomicLong handled = new AtomicLong();
    private volatile long retried;
    private volatile long deadLettered;

    /** A message's event, ready to emit. */
    private record Decoded(CloudEventHeaders.Decoded event, EventData data) {
    }

    /**
     * Decodes messages on one thread: the consumer decodes each batch on a thread of its own
     * while it fetches the next, and the handler decodes again on its thread what failed.
     */
    public final class Decoder {
        private final CloudEventHeaders.Reader headers = new CloudEventHeaders.Reader();
        private final AvroEventSerializer.Reader values = serializer.reader();

        private Decoder() {
        }

        /**
         * The event of a message.
         *
         * @throws RuntimeException why it cannot be decoded; {@link SchemaRegistryException} when the registry failed
         */
        private Decoded decode(ConsumerRecord<byte[], byte[]> record) {
            CloudEventHeaders.Decoded event = headers.read(record.headers());
            byte[] value = record.value();
            int id = ConfluentFraming.schemaId(value);
            Schema writer = writerSchemas.get(id);
            if (writer == null) {
                writer = writerSchema(id, event.signal());
                writerSchemas.put(id, writer);
            }
            return new Decoded(event, values.deserialize(event.signal(), value, ConfluentFraming.HEADER_LENGTH,
                    value.length - ConfluentFraming.HEADER_LENGTH, writer));
        }

        /** The event of a message, or why it cannot be decoded, for {@link RecordHandler#handle}. */
        public Object decodeOrFailure(ConsumerRecord<byte[], byte[]> record) {
            try {
                return decode(record);
            } catch (RuntimeException e) {
                return e;
            }
        }
    }

    public RecordHandler(KafkaSettings settings, AvroEventSerializer serializer, SchemaRegistryClient registry,
                         String group, DeadLetters deadLetters, ConsecutiveErrors errors) {
        this.settings = settings;
        this.serializer = serializer;
        this.registry = registry;
        this.group = group;
        this.deadLetters = deadLetters;
        this.errors = errors;
        this.decoder = new Decoder();
    }

    /** A decoder for one thread. */
    public Decoder decoder() {
        return new Decoder();
    }

    /**
     * Handles a message.
     *
     * @param decodedAhead what {@link Decoder#decodeOrFailure} gave for it, or null to decode it here
     * @throws ConsecutiveErrors.LimitReachedException when waiting for the registry or the
     *                                                 dead-letter topic reaches the error limit
     */
    public Outcome handle(ConsumerRecord<byte[], byte[]> record, Object decodedAhead, Pause pause) {
        Decoded decoded = null;
        for (int attempt = 0; decoded == null; attempt++) {
            Object result = attempt == 0 && decodedAhead != null ? decodedAhead : decoder.decodeOrFailure(record);
            if (result instanceof Decoded ready) {
                decoded = ready;
            } else if (result instanceof SchemaRegistryException e && e.retriable()) {
                logError(e, record);
                errors.error(e);
                if (!pause.pause(backoff(attempt))) {
                    return Outcome.ABANDONED;
                }
            } else {
                return deadLetter(record, 0, (RuntimeException) result, pause);
            }
        }
        CloudEventHeaders.Decoded event = decoded.event();
        auditReceived(record);
        int attempts = settings.maxRetries() + 1;
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                retried++;
                if (!pause.pause(settings.retryDelay().multipliedBy(1L << Math.min(attempt - 2, 20)))) {
                    return Outcome.ABANDONED;
                }
            }
            try {
                EventEmitter.emit(event.signal(), event.metadata(), decoded.data());
                handled.lazySet(handled.get() + 1);
                if (settings.auditLoggingEnabled()) {
                    LOG.info("Message from Kafka processed successfully");
                }
                return Outcome.HANDLED;
            } catch (SenderValidationException e) {
                // The data itself is refused: trying again cannot help.
                failure = e;
                attempts = attempt;
                break;
            } catch (RuntimeException e) {
                failure = e;
                LOG.warn("Receivers of message {}/{}@{} (event {}) failed (attempt {} of {}): {}", record.topic(),
                        record.partition(), record.offset(), event.metadata().id(), attempt, attempts, e.getMessage());
            }
        }
        return deadLetter(record, attempts, failure, pause);
    }

    /**
     * The writer schema of an id, as the very instance the serializer keeps for the event when
     * it is equal (then no resolution is needed), or else one instance per process, since the
     * serializer finds its resolvers by schema and comparing two equal schemas is slow.
     */
    private Schema writerSchema(int id, OpenEdxPublicSignal signal) {
        Schema parsed = AvroSchemas.parse(registry.schema(id));
        Schema local = serializer.schema(signal);
        return parsed.equals(local) ? local : distinctWriterSchemas.computeIfAbsent(parsed, schema -> schema);
    }

    private Outcome deadLetter(ConsumerRecord<byte[], byte[]> record, int attempts, RuntimeException error,
                               Pause pause) {
        logError(error, record);
        lastFailure = error;
        for (int attempt = 0; ; attempt++) {
            RecordMetadata written;
            try {
                written = deadLetters.send(record, attempts, error, () -> !pause.pause(Duration.ZERO));
            } catch (RuntimeException e) {
                LOG.error("Cannot write message {}/{}@{} to the dead-letter topic {}; trying again: {}", record.topic(),
                        record.partition(), record.offset(), DeadLetters.topic(record.topic()), e.toString(), e);
                errors.error(e);
                if (!pause.pause(backoff(attempt))) {
                    return Outcome.ABANDONED;
                }
                continue;
            }
            if (written == null) {
                return Outcome.ABANDONED;
            }
            deadLettered++;
            LOG.error("Moved message {}/{}@{} to the dead-letter topic {} (partition {}, offset {}) after {} attempt(s): {}",
                    record.topic(), record.partition(), record.offset(), written.topic(), written.partition(),
                    written.offset(), attempts, error.toString());
            return Outcome.DEAD_LETTERED;
        }
    }

    private Duration backoff(int attempt) {
        Duration first = settings.retryDelay().isZero() ? Duration.ofMillis(100) : settings.retryDelay();
        Duration delay = first.multipliedBy(1L << Math.min(attempt, 20));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private void logError(RuntimeException error, ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        String shownValue = value == null || value.length <= MAX_LOGGED_VALUE ? PythonRepr.bytes(value)
                : PythonRepr.bytes(java.util.Arrays.copyOf(value, MAX_LOGGED_VALUE)) + "... (" + value.length + " bytes)";
        LOG.error("Error consuming event from Kafka: {} in context full_topic={}, consumer_group={} -- event details: "
                        + "{'partition': {}, 'offset': {}, 'headers': {}, 'key': {}, 'value': {}}", error,
                PythonRepr.string(record.topic()), PythonRepr.string(group), record.partition(), record.offset(),
                CloudEventHeaders.describe(record.headers()), PythonRepr.bytes(record.key()), shownValue, error);
    }

    private void auditReceived(ConsumerRecord<byte[], byte[]> record) {
        if (!settings.auditLoggingEnabled() || !LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("Message received from Kafka: topic={}, partition={}, offset={}, message_id={}, key={}, "
                        + "event_timestamp_ms={}", record.topic(), record.partition(), record.offset(),
                CloudEventHeaders.last(record.headers(), "ce_id"), PythonRepr.bytes(record.key()),
                record.timestamp() < 0 ? "none" : Long.toString(record.timestamp()));
    }

    /** Why the last message given up on was dead-lettered. */
    public RuntimeException lastFailure() {
        return lastFailure;
    }

    /** Events every receiver handled. */
    public long handled() {
        return handled.get();
    }

    /** Retries of events whose receivers failed. */
    public long retried() {
        return retried;
    }

    /** Messages copied to the dead-letter topic. */
    public long deadLettered() {
        return deadLettered;
    }
}
