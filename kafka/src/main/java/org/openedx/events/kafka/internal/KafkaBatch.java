package org.openedx.events.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.openedx.events.EventBusException;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.InboundBatch;

/**
 * One poll's records, in the order they are handled (partition by partition, each in offset
 * order), and their events as either thread decodes them: the fetcher's decoding thread from
 * the start, and the consumer's thread when the pipeline gets to a record not decoded yet
 * (each takes the next few records no one took). A record is owned until a rebalance takes
 * its partition away.
 */
final class KafkaBatch implements InboundBatch {

    private static final int MAX_LOGGED_VALUE = 1000;

    /** A few at a time, so the two threads neither contend for each record nor write next to each other's results. */
    private static final int DECODED_TOGETHER = 16;

    private final List<ConsumerRecord<byte[], byte[]>> records;
    private final AtomicReferenceArray<DecodeResult> results;
    private final AtomicInteger nextToDecode = new AtomicInteger();
    /** The consumer thread's decoder. */
    private final RecordDecoder helper;
    private final OffsetTracker offsets;
    // The consumer's thread only (the rebalance listener runs on it too).
    private final BitSet revoked = new BitSet();

    KafkaBatch(ConsumerRecords<byte[], byte[]> polled, RecordDecoder helper, OffsetTracker offsets) {
        this.records = new ArrayList<>(polled.count());
        for (TopicPartition partition : polled.partitions()) {
            records.addAll(polled.records(partition));
        }
        this.results = new AtomicReferenceArray<>(records.size());
        this.helper = helper;
        this.offsets = offsets;
    }

    /** Decodes records until none is left to take; on the decoding thread. */
    void decodeAll(RecordDecoder decoder) {
        while (decodeSome(decoder)) {
            // each call takes the next few records
        }
    }

    /** Takes the next few records and decodes them; false when none was left. */
    private boolean decodeSome(RecordDecoder decoder) {
        if (nextToDecode.get() >= records.size()) {
            return false; // checked first, so that a long wait does not keep adding to the count
        }
        int start = nextToDecode.getAndAdd(DECODED_TOGETHER);
        int end = Math.min(start + DECODED_TOGETHER, records.size());
        for (int i = start; i < end; i++) {
            DecodeResult result;
            try {
                result = decoder.decode(records.get(i));
            } catch (Throwable e) {
                // Whatever it is, the record must get an outcome, or the consumer's thread would wait for it forever.
                result = new DecodeResult.Undecodable(new EventBusException("Cannot decode the message: " + e, e));
            }
            results.set(i, result);
        }
        return start < end;
    }

    /** The {@code traceparent} and {@code tracestate} headers (the last of each name); empty when there are none. */
    @Override
    public Map<String, String> traceContext(int index) {
        Headers headers = records.get(index).headers();
        Header parent = headers.lastHeader(EncodedEvent.TRACEPARENT);
        if (parent == null) {
            return Map.of();
        }
        Header state = headers.lastHeader(EncodedEvent.TRACESTATE);
        String parentText = new String(parent.value(), StandardCharsets.UTF_8);
        return state == null ? Map.of(EncodedEvent.TRACEPARENT, parentText) : Map.of(EncodedEvent.TRACEPARENT,
                parentText, EncodedEvent.TRACESTATE, new String(state.value(), StandardCharsets.UTF_8));
    }

    @Override
    public int size() {
        return records.size();
    }

    /**
     * The record's event, helping to decode while it is not ready. A record that could not be
     * decoded yet is decoded again, on this thread, each time it is asked for.
     */
    @Override
    public DecodeResult decode(int index) {
        DecodeResult result = results.get(index);
        for (int waits = 0; result == null; result = results.get(index)) {
            if (!decodeSome(helper)) {
                // The decoding thread has it: usually done within microseconds, unless it waits on the
                // registry for a new schema, which is no reason to keep a core busy.
                if (waits++ < 100) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
        if (result instanceof DecodeResult.NotYetDecodable) {
            // Asked again, or decoded ahead while the registry was away: it may be back by now (and once one
            // record got its schema, the records after it decode without it), so asking costs one request.
            result = helper.decode(records.get(index));
            results.set(index, result);
        }
        return result;
    }

    @Override
    public boolean owned(int index) {
        return revoked.isEmpty() || !revoked.get(records.get(index).partition());
    }

    @Override
    public void done(int index) {
        offsets.done(records.get(index));
    }

    @Override
    public String position(int index) {
        ConsumerRecord<byte[], byte[]> record = records.get(index);
        return record.partition() + ":" + record.offset();
    }

    /** Upstream's identifiers of a message in its audit lines. */
    @Override
    public String describe(int index) {
        ConsumerRecord<byte[], byte[]> record = records.get(index);
        return "partition=" + record.partition() + ", offset=" + record.offset() + ", key="
                + PythonRepr.bytes(record.key());
    }

    /** Upstream's event details of an error line: partition, offset, headers, key and the start of the value. */
    @Override
    public String details(int index) {
        ConsumerRecord<byte[], byte[]> record = records.get(index);
        byte[] value = record.value();
        String shownValue = value == null || value.length <= MAX_LOGGED_VALUE ? PythonRepr.bytes(value)
                : PythonRepr.bytes(Arrays.copyOf(value, MAX_LOGGED_VALUE)) + "... (" + value.length + " bytes)";
        return "event details: {'partition': " + record.partition() + ", 'offset': " + record.offset()
                + ", 'headers': " + CloudEventHeaders.describe(record.headers()) + ", 'key': "
                + PythonRepr.bytes(record.key()) + ", 'value': " + shownValue + "}";
    }

    ConsumerRecord<byte[], byte[]> record(int index) {
        return records.get(index);
    }

    /** A rebalance took these partitions away: their records here are no longer this consumer's. */
    void revoke(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            revoked.set(partition.partition());
        }
    }
}
