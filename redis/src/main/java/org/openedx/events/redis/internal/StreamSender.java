package org.openedx.events.redis.internal;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.redis.RedisBusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipelines {@code XADD}s to Redis from one thread. Senders encode their entry and enqueue
 * it; this thread hands whatever has accumulated to Lettuce as one write, so a send never
 * waits for a round trip and entries reach each stream in the order they were sent. It owns
 * the connection: when it fails (or stops answering), the unconfirmed events are sent again,
 * first and in order, on a new one (at least once). An event not confirmed within the
 * delivery timeout is reported as failed.
 */
public final class StreamSender implements AutoCloseable {

    /** One event on its way, with its encoded {@code XADD} arguments. */
    public record OutgoingEvent(OpenEdxPublicSignal signal, String topic, String stream, String eventKeyField,
                                EventData data, EventsMetadata metadata, byte[] eventData, byte[] command,
                                long acceptedNanos) {
    }

    /** Told the outcome of each event, on a Lettuce thread or the sender's. */
    public interface Listener {
        void delivered(OutgoingEvent event, String entryId);

        void failed(OutgoingEvent event, Throwable error);
    }

    private static final Logger LOG = LoggerFactory.getLogger(StreamSender.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long AWAITING_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long STALL_NANOS = RedisClientHandle.COMMAND_TIMEOUT.toNanos();
    private static final long MAX_CONNECT_BACKOFF_MILLIS = 5_000;
    private static final long PIPELINE_LIMIT = 2048;

    private final RedisClientHandle client;
    private final int streamMaxLen;
    private final long deliveryTimeoutNanos;
    private final Listener listener;
    private final long maxPending;
    private final InFlight inFlight;
    private final Map<String, byte[]> heads = new ConcurrentHashMap<>();
    private final Queue<OutgoingEvent> queue = new ConcurrentLinkedQueue<>();
    /** Held shared by each submit, and exclusively by the sender as it ends, so that no event is left behind. */
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    /** Guards the connection and the two queues below: the sender thread's, or a caller's writing directly. */
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean closed;
    private volatile long closeDeadlineNanos;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile boolean unreachable;
    // In send order: accepted and not yet written; written and not yet settled.
    private final ArrayDeque<OutgoingEvent> waiting = new ArrayDeque<>();
    private ArrayDeque<XaddCommand> dispatched = new ArrayDeque<>();
    private long backoffMillis = 50;

    public StreamSender(RedisClientHandle client, int streamMaxLen, Duration deliveryTimeout, int maxPending,
                        Listener listener) {
        this.client = client;
        this.streamMaxLen = streamMaxLen;
        this.deliveryTimeoutNanos = deliveryTimeout.toNanos();
        this.listener = listener;
        this.maxPending = maxPending;
        this.inFlight = new InFlight();
        this.thread = new Thread(this::run, "redis-event-producer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The encoded {@code XADD} arguments of an entry, done on the caller's thread. */
    public byte[] encode(String stream, EventsMetadata metadata, byte[] eventData) {
        byte[] head = heads.computeIfAbsent(stream, s -> XaddEncoding.head(s, streamMaxLen));
        return XaddEncoding.arguments(head, metadata, eventData);
    }

    /**
     * Takes an event for sending. While connected, at most {@link #PIPELINE_LIMIT} events are
     * unconfirmed: beyond, Redis is slower than the callers, and they wait for room
     * (backpressure) up to the delivery timeout. While Redis cannot be reached, up to
     * {@code maxPending} events wait for it, and more are refused at once.
     *
     * @return false, having taken nothing, when the sender is closed or has no room
     */
    public boolean submit(OutgoingEvent event) {
        if (!closeLock.readLock().tryLock()) {
            return false;
        }
        try {
            if (closed || !inFlight.tryAcquire(limit()) && (unreachable || !awaitRoom())) {
                return false;
            }
            if (dispatchDirectly(event)) {
                return true;
            }
            queue.offer(event);
        } finally {
            closeLock.readLock().unlock();
        }
        if (parked) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** A short pipeline keeps Redis busy; a longer backlog only costs memory and collection time. */
    private long limit() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        return current != null && current.isOpen() ? Math.min(PIPELINE_LIMIT, maxPending) : maxPending;
    }

    private boolean awaitRoom() {
        try {
            return inFlight.acquire(this::limit, deliveryTimeoutNanos, () -> unreachable || closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Events taken and not yet confirmed or failed. */
    public long inFlight() {
        return inFlight.count();
    }

    /** Waits until every event taken so far is confirmed or failed; false if the timeout passed first. */
    public boolean awaitDelivery(Duration timeout) {
        try {
            return inFlight.awaitZero(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        while (true) {
            long parkNanos;
            dispatchLock.lock();
            try {
                parkNanos = step();
            } finally {
                dispatchLock.unlock();
            }
            if (parkNanos < 0) {
                break;
            }
            if (parkNanos > 0) {
                park(parkNanos);
            }
        }
        // Once no submit is under way, nothing more can arrive: report what is left.
        closeLock.writeLock().lock();
        dispatchLock.lock();
        try {
            finish();
        } finally {
            dispatchLock.unlock();
            closeLock.writeLock().unlock();
        }
    }

    /** One turn of the sender: returns how long to sleep, or -1 to end. */
    private long step() {
        boolean closing = closed;
        drainQueue();
        long now = System.nanoTime();
        retire(now);
        if (closing && (waiting.isEmpty() && dispatched.isEmpty() || now - closeDeadlineNanos >= 0)) {
            return -1;
        }
        StatefulRedisConnection<byte[], byte[]> current = connection;
        if (current != null && !current.isOpen()) {
            LOG.warn("Lost the connection to Redis at {}; {} unconfirmed events will be sent again",
                    client.address(), dispatched.size());
            disconnect();
        }
        boolean resend = connection == null && !dispatched.isEmpty();
        if (waiting.isEmpty() && !resend) {
            return dispatched.isEmpty() ? IDLE_PARK_NANOS : AWAITING_PARK_NANOS;
        }
        if (connection == null && !connect()) {
            expire(now);
            long backoff = TimeUnit.MILLISECONDS.toNanos(backoffMillis);
            backoffMillis = Math.min(MAX_CONNECT_BACKOFF_MILLIS, backoffMillis * 2);
            return backoff;
        }
        if (resend) {
            resend();
        }
        dispatch();
        return 0;
    }

    private void finish() {
        RedisBusException closedError = new RedisBusException("The producer was closed before Redis at "
                + client.address() + " confirmed the event");
        drainQueue();
        waiting.forEach(event -> complete(event, null, closedError));
        dispatched.forEach(command -> command.fail(closedError));
        StatefulRedisConnection<byte[], byte[]> last = connection;
        connection = null;
        if (last != null) {
            last.close();
        }
    }

    /**
     * Writes the event on the caller's thread when nothing else is in flight (the sender is
     * idle and the pipeline empty), which saves a thread hand-off per event at low rates;
     * under load the sender batches instead.
     */
    private boolean dispatchDirectly(OutgoingEvent event) {
        if (!parked || inFlight.count() != 1 || !dispatchLock.tryLock()) {
            return false;
        }
        try {
            StatefulRedisConnection<byte[], byte[]> current = connection;
            if (current == null || !current.isOpen()) {
                return false;
            }
            drainQueue();
            waiting.add(event);
            dispatch();
            return true;
        } finally {
            dispatchLock.unlock();
        }
    }

    private void park(long nanos) {
        parked = true;
        if (queue.isEmpty() && !closed) {
            LockSupport.parkNanos(this, nanos);
        }
        parked = false;
    }

    private void drainQueue() {
        OutgoingEvent event;
        while ((event = queue.poll()) != null) {
            waiting.add(event);
        }
    }

    private boolean connect() {
        try {
            connection = client.connect();
            unreachable = false;
            backoffMillis = 50;
            LOG.info("Producer connected to Redis at {}", client.address());
            return true;
        } catch (RuntimeException e) {
            unreachable = true;
            LOG.warn("Cannot connect to Redis at {}; events wait for up to {} ms: {}", client.address(),
                    TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos), e.toString());
            return false;
        }
    }

    private void disconnect() {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        connection = null;
        if (current != null) {
            current.closeAsync();
        }
    }

    /** Everything waiting, as one write. */
    private void dispatch() {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(waiting.size());
        OutgoingEvent event;
        while ((event = waiting.poll()) != null) {
            commands.add(command(event));
        }
        write(commands);
    }

    /** The unconfirmed events of a lost connection, again, in order, ahead of anything newer. */
    private void resend() {
        ArrayDeque<XaddCommand> lost = dispatched;
        dispatched = new ArrayDeque<>(lost.size());
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(lost.size());
        for (XaddCommand command : lost) {
            if (command.supersede()) {
                commands.add(command(command.event()));
            }
        }
        write(commands);
    }

    private XaddCommand command(OutgoingEvent event) {
        XaddCommand command = new XaddCommand(event, (id, error) -> complete(event, id, error), this::wake);
        dispatched.add(command);
        return command;
    }

    private void write(List<RedisCommand<byte[], byte[], ?>> commands) {
        long now = System.nanoTime();
        commands.forEach(command -> ((XaddCommand) command).dispatched(now));
        connection.dispatch(commands);
    }

    private void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Forgets settled commands, fails those past the delivery timeout, and drops a connection
     * that lost a command or has not answered for {@link #STALL_NANOS} (a dead peer sends no
     * reset), so that the events go again on a new one.
     */
    private void retire(long now) {
        XaddCommand head;
        while ((head = dispatched.peek()) != null) {
            if (head.settled()) {
                dispatched.poll();
            } else if (now - head.event().acceptedNanos() >= deliveryTimeoutNanos) {
                dispatched.poll();
                head.fail(new RedisCommandTimeoutException("Redis at " + client.address()
                        + " did not confirm the XADD within " + TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos)
                        + " ms"));
            } else {
                if (connection != null && head.connectionFailed()) {
                    disconnect();
                } else if (connection != null && now - head.dispatchedNanos() >= STALL_NANOS) {
                    LOG.warn("Redis at {} has not answered for {} ms; reconnecting", client.address(),
                            TimeUnit.NANOSECONDS.toMillis(now - head.dispatchedNanos()));
                    disconnect();
                }
                return;
            }
        }
    }

    private void expire(long now) {
        retire(now);
        while (!waiting.isEmpty() && now - waiting.peek().acceptedNanos() >= deliveryTimeoutNanos) {
            complete(waiting.poll(), null, new RedisBusException("Redis at " + client.address()
                    + " could not be reached within " + TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos) + " ms"));
        }
    }

    private void complete(OutgoingEvent event, String id, Throwable error) {
        try {
            if (error == null) {
                listener.delivered(event, id);
            } else {
                listener.failed(event, error);
            }
        } finally {
            inFlight.release();
        }
    }

    /**
     * Stops taking events and waits up to {@code timeout} for those taken to be confirmed;
     * whatever is left then is reported as failed, and the connection is closed.
     */
    public void close(Duration timeout) {
        closeDeadlineNanos = System.nanoTime() + timeout.toNanos();
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(timeout.toMillis() + MAX_CONNECT_BACKOFF_MILLIS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofNanos(deliveryTimeoutNanos));
    }
}
