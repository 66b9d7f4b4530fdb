package org.openedx.events.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openedx.events.kafka.KafkaSettings;

/**
 * Copies messages a consumer gives up on to the topic's dead-letter topic,
 * {@code <full_topic>-dead-letter}: the same key, value and headers, then headers that say
 * why ({@code error}, {@code original_topic}, {@code original_partition},
 * {@code original_offset}, {@code original_timestamp}, {@code consumer_group},
 * {@code attempts}). The bus creates no topics: create the dead-letter topic beside the
 * topic, or let the broker create it. The producer is made on first use.
 */
public final class DeadLetters implements AutoCloseable {

    private static final int MAX_ERROR_LENGTH = 4000;
    private static final Duration WAIT_STEP = Duration.ofMillis(200);

    private final KafkaSettings settings;
    private final String group;
    private Producer<byte[], byte[]> producer;

    public DeadLetters(KafkaSettings settings, String group) {
        this.settings = settings;
        this.group = group;
    }

    /** The dead-letter topic of a (full) topic. */
    public static String topic(String fullTopic) {
        return fullTopic + "-dead-letter";
    }

    /**
     * Writes the dead letter and waits until the broker has it.
     *
     * @param stopping when it turns true the wait is abandoned (the message may then be dead-lettered twice)
     * @return the dead letter's position, or null when abandoned
     * @throws KafkaException when the broker refuses it or it times out
     */
    public RecordMetadata send(ConsumerRecord<byte[], byte[]> record, int attempts, Throwable error,
                               BooleanSupplier stopping) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        String reason = String.valueOf(error);
        if (reason.length() > MAX_ERROR_LENGTH) {
            reason = reason.substring(0, MAX_ERROR_LENGTH) + "...";
        }
        add(headers, "error", reason);
        add(headers, "original_topic", record.topic());
        add(headers, "original_partition", Integer.toString(record.partition()));
        add(headers, "original_offset", Long.toString(record.offset()));
        add(headers, "original_timestamp", Long.toString(record.timestamp()));
        add(headers, "consumer_group", group);
        add(headers, "attempts", Integer.toString(attempts));
        Future<RecordMetadata> sent = producer().send(new ProducerRecord<>(topic(record.topic()), null, record.key(),
                record.value(), headers));
        while (true) {
            try {
                return sent.get(WAIT_STEP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (stopping.getAsBoolean()) {
                    return null;
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof KafkaException k ? k
                        : new KafkaException("Cannot write to " + topic(record.topic()) + ": " + e.getCause(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            try {
                producer = new KafkaProducer<>(ClientConfigs.producer(settings));
            } catch (RuntimeException e) {
                throw ClientConfigs.invalid("dead-letter producer", settings, true, e);
            }
        }
        return producer;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
