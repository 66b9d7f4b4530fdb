package org.openedx.events.redis.internal;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Predicate;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.ConsecutiveErrors;
import org.openedx.events.bus.EventEmitter;
import org.openedx.events.redis.RedisSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one stream entry: decodes it, emits it to the receivers (retrying with backoff
 * when they fail), and when it cannot be decoded or its retries are spent, copies it to the
 * dead-letter stream with the error. The caller acknowledges the entry when {@link #handle}
 * returns true.
 */
public final class EntryHandler {

    // The consumer's logger: these are the consumer's log lines, as upstream's are.
    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.redis.RedisEventConsumer");

    private final RedisSettings settings;
    private final AvroEventSerializer serializer;
    private final String stream;
    private final String deadLetterStream;
    private final String group;
    private final String consumer;
    private final ConsecutiveErrors errors;
    private final Predicate<Duration> pause;
    private volatile long handled;
    private volatile long retried;
    private volatile long deadLettered;

    /**
     * @param pause sleeps for the duration; returns false, early, when the consumer is stopping
     */
    public EntryHandler(RedisSettings settings, AvroEventSerializer serializer, String stream, String group,
                        String consumer, ConsecutiveErrors errors, Predicate<Duration> pause) {
        this.settings = settings;
        this.serializer = serializer;
        this.stream = stream;
        this.deadLetterStream = deadLetterStream(stream);
        this.group = group;
        this.consumer = consumer;
        this.errors = errors;
        this.pause = pause;
    }

    /**
     * Handles an entry.
     *
     * @return true when the entry is done with (handled, or dead-lettered) and may be
     *         acknowledged; false when the consumer stopped before that, leaving it pending
     * @throws io.lettuce.core.RedisException when the dead-letter entry cannot be written;
     *                                        the entry stays pending
     * @throws ConsecutiveErrors.LimitReachedException after the entry is dead-lettered, when
     *                                                 it reaches the error limit
     */
    public boolean handle(GroupConnection connection, StreamMessage<byte[], byte[]> entry) {
        Map<byte[], byte[]> body = entry.getBody();
        if (body.isEmpty()) {
            RuntimeException gone = new IllegalStateException("The entry was deleted from the stream (trimmed by "
                    + "MAXLEN) after it was read and before it was handled");
            deadLetter(connection, entry.getId(), body, 0, gone);
            return true;
        }
        StreamEntries.Decoded event;
        try {
            event = StreamEntries.decode(body, serializer);
        } catch (RuntimeException e) {
            logError(e, entry.getId(), "no event available (the entry cannot be decoded)");
            deadLetter(connection, entry.getId(), body, 0, e);
            return true;
        }
        auditReceived(entry.getId(), event);
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= settings.maxRetries() + 1; attempt++) {
            if (attempt > 1) {
                retried++;
                if (!pause.test(settings.retryDelay().multipliedBy(1L << Math.min(attempt - 2, 20)))) {
                    return false;
                }
            }
            try {
                EventEmitter.emit(event.signal(), event.metadata(), event.data());
                handled++;
                errors.success();
                if (settings.auditLoggingEnabled()) {
                    LOG.info("Message from Redis processed successfully");
                }
                return true;
            } catch (RuntimeException e) {
                failure = e;
                LOG.warn("Receivers of entry {} of stream {} failed (attempt {} of {}): {}", entry.getId(), stream,
                        attempt, settings.maxRetries() + 1, e.getMessage());
            }
        }
        logError(failure, entry.getId(), "event details: redis_msg_id=b'" + entry.getId() + "', event_metadata="
                + event.metadata().toJson());
        deadLetter(connection, entry.getId(), body, settings.maxRetries() + 1, failure);
        return true;
    }

    /** The dead-letter stream of a stream. */
    public static String deadLetterStream(String stream) {
        return stream + "-dead-letter";
    }

    /** Records entries Redis deleted from the pending list because the stream no longer holds them. */
    public void lost(GroupConnection connection, String entryId) {
        deadLetter(connection, entryId, Map.of(), 0, new IllegalStateException("The entry was deleted from the "
                + "stream (trimmed by MAXLEN) before it was handled; XAUTOCLAIM dropped it from the pending list"));
    }

    private void deadLetter(GroupConnection connection, String entryId, Map<byte[], byte[]> body, int attempts,
                            RuntimeException error) {
        String id = connection.deadLetter(deadLetterStream, StreamEntries.deadLetter(body, entryId, group, consumer,
                attempts, String.valueOf(error)));
        deadLettered++;
        LOG.error("Moved entry {} of stream {} to the dead-letter stream {} as {}: {}", entryId, stream,
                deadLetterStream, id, error.toString());
        errors.error(error);
    }

    private void logError(RuntimeException error, String entryId, String eventPart) {
        LOG.error("Error consuming event from Redis: {} in context full_topic='{}', consumer_group='{}', "
                + "consumer_name='{}', redis_msg_id=b'{}' -- {}", error, stream, group, consumer, entryId, eventPart,
                error);
    }

    private void auditReceived(String entryId, StreamEntries.Decoded event) {
        if (!settings.auditLoggingEnabled() || !LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("Message received from Redis: topic={}, message_id={}, redis_msg_id=b'{}', event_timestamp_ms={}",
                stream, event.metadata().id(), entryId, pythonTimestamp(event.metadata().time()));
    }

    /** Python's {@code repr(datetime.timestamp())}: seconds, a fraction only as long as needed. */
    static String pythonTimestamp(OffsetDateTime time) {
        long micros = time.getNano() / 1_000;
        if (micros == 0) {
            return time.toEpochSecond() + ".0";
        }
        String fraction = String.format("%06d", micros).replaceAll("0+$", "");
        return time.toEpochSecond() + "." + fraction;
    }

    /** Events every receiver handled. */
    public long handled() {
        return handled;
    }

    /** Retries of events whose receivers failed. */
    public long retried() {
        return retried;
    }

    /** Entries copied to the dead-letter stream. */
    public long deadLettered() {
        return deadLettered;
    }
}
