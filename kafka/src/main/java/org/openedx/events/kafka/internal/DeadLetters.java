package org.openedx.events.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.kafka.KafkaSettings;

/**
 * Copies messages the pipeline gives up on to the topic's dead-letter topic,
 * {@code <full_topic>-dead-letter}: the same key, value and headers, then the letter's
 * attributes as headers (their names in {@link DeadLetter}). The bus creates no topics: create
 * the dead-letter topic beside the topic, or let the broker create it. The producer is made on
 * first use, since most consumers never need it.
 */
final class DeadLetters implements AutoCloseable {

    /** How long the broker may take to acknowledge a dead letter before the write counts as failed. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long WAIT_STEP_MILLIS = 200;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaSettings settings;
    private Producer<byte[], byte[]> producer;

    DeadLetters(KafkaSettings settings) {
        this.settings = settings;
    }

    /**
     * Writes the dead letter and waits until the broker has it.
     *
     * @param abandon asked while waiting (it may keep the consumer in its group meanwhile); true
     *                gives the wait up: the message may then be dead-lettered twice
     * @return where the dead letter is, {@code partition:offset}
     * @throws TransportException when the broker refuses it, does not acknowledge it in time, or the wait is given up
     * @throws org.openedx.events.settings.InvalidSettingException when the producer cannot be configured
     */
    String write(ConsumerRecord<byte[], byte[]> record, DeadLetter letter, BooleanSupplier abandon) {
        String topic = DeadLetter.topicOf(record.topic());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        for (Map.Entry<String, String> attribute : letter.attributes().entrySet()) {
            headers.add(attribute.getKey(), attribute.getValue().getBytes(StandardCharsets.UTF_8));
        }
        Future<RecordMetadata> sent;
        try {
            sent = producer().send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers));
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new TransportException("Cannot write to " + topic + ": " + e, e);
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                RecordMetadata written = sent.get(WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS);
                return written.partition() + ":" + written.offset();
            } catch (TimeoutException e) {
                if (abandon.getAsBoolean()) {
                    throw new TransportException("Gave up waiting for " + topic + " to acknowledge the dead letter", e);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new TransportException(topic + " did not acknowledge the dead letter in "
                            + TIMEOUT.toSeconds() + " s", e);
                }
            } catch (ExecutionException e) {
                throw new TransportException("Cannot write to " + topic + ": " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransportException("Interrupted while waiting for " + topic, e);
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

    @Override
    public void close() {
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
            producer = null;
        }
    }
}
