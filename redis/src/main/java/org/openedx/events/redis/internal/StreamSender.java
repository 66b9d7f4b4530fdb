package org.openedx.events.redis.internal;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.ProducerTransport.WriteCallback;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.redis.RedisBusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipelines {@code XADD}s to Redis from one thread. Senders encode their entry and enqueue
 * it; this thread hands whatever has accumulated to Lettuce as one write, so a send never
 * waits for a round trip and entries reach each stream in the order they were sent.
 *
 * <p>It owns the connection, and writes only to a server that is ready: each new connection
 * is first probed ({@code PING}), and while Redis answers "not ready" ({@code LOADING} as it
 * reads its data back after a restart, {@code BUSY}, {@code MASTERDOWN}, {@code TRYAGAIN},
 * {@code READONLY}) the events wait, probed again with backoff. When the connection fails,
 * stops answering, or an {@code XADD} is answered "not ready", the unconfirmed events are sent
 * again, first and in order (at least once), and never while an earlier connection could
 * still store some of them: a connection given up on is ended on the server ({@code CLIENT
 * KILL}) before its events go again, and after a "not ready" answer every reply of the
 * connection is awaited first. An event not confirmed within the delivery timeout (counted
 * from its send) is reported as failed; so is every event, at once, while Redis refuses the
 * credentials. Each outcome goes to the event's callback, exactly once, on a Lettuce thread or
 * the sender's.
 *
 * <p>Connection attempts follow the backoff whatever the send rate (a send wakes the thread,
 * it does not make it connect), and the log has one line per change of state: Redis became
 * unreachable or not ready, is still so (every {@value #STILL_DOWN_LOG_SECONDS} s), is back.
 */
final class StreamSender {

    /**
     * One event on its way: what the pipeline gave, where its outcome goes, and its encoded
     * {@code XADD} arguments.
     */
    record Outgoing(EncodedEvent event, WriteCallback callback, byte[] command) {
    }

    /** A connection as the server knows it: {@code CLIENT KILL ID <id> ADDR <addr>} ends it, and only it. */
    private record ServerClient(long id, String addr) {
        static ServerClient parse(String clientInfo) {
            long id = -1;
            String addr = null;
            for (String field : clientInfo.trim().split(" ")) {
                if (field.startsWith("id=")) {
                    id = Long.parseLong(field.substring(3));
                } else if (field.startsWith("addr=")) {
                    addr = field.substring(5);
                }
            }
            return id < 0 || addr == null ? null : new ServerClient(id, addr);
        }
    }

    // The producer's logger: these are the producer's log lines, next to the pipeline's.
    private static final Logger LOG = LoggerFactory.getLogger("org.openedx.events.redis.producer");
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long AWAITING_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MIN_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long STALL_NANOS = RedisClientHandle.COMMAND_TIMEOUT.toNanos();
    private static final long MIN_BACKOFF_MILLIS = 50;
    private static final long MAX_CONNECT_BACKOFF_MILLIS = 5_000;
    /** A server that is up and not ready (loading) is probed more often than one that cannot be reached. */
    private static final long MAX_NOT_READY_BACKOFF_MILLIS = 500;
    private static final long STILL_DOWN_LOG_SECONDS = 30;
    private static final long PIPELINE_LIMIT = 2048;

    private final RedisClientHandle client;
    private final int streamMaxLen;
    private final boolean trimAckedOnly;
    private final long deliveryTimeoutNanos;
    private final long maxPending;
    private final InFlight inFlight;
    private final Map<String, byte[]> heads = new ConcurrentHashMap<>();
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    /** Held shared by each submit, and exclusively by the sender as it ends, so that no event is left behind. */
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    /** Guards the connection and the two queues below: the sender thread's, or a caller's writing directly. */
    private final ReentrantLock dispatchLock = new ReentrantLock();
    private final Thread thread;
    private final AtomicLong connectAttempts = new AtomicLong();
    private volatile boolean parked;
    private volatile boolean closed;
    private volatile long closeDeadlineNanos;
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    /** The connection was probed ready: XADDs may be written. */
    private volatile boolean ready;
    /** The last attempt found Redis unreachable or not ready: senders past the limit are refused at once. */
    private volatile boolean unreachable;
    /** An XADD of the current connection was answered "not ready". */
    private volatile boolean notReadyAnswered;
    /** Why the last connection attempt failed, when the server refused the credentials: events fail at once. */
    private volatile RedisBusException refused;
    // In send order: accepted and not yet written; written and not yet settled.
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    private ArrayDeque<XaddCommand> dispatched = new ArrayDeque<>();
    /** The number of the current connection; each command remembers the one it was written on. */
    private long generation;
    /** The current connection on the server, once known. */
    private ServerClient connectedAs;
    /** A connection given up on with events unconfirmed: ended on the server before they go again. */
    private ServerClient abandoned;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private long nextAttemptNanos;
    private long lastStallCheckNanos;
    // The state the log last told: since when Redis is down (0: up), why, and the attempts since.
    private long downSinceNanos;
    private long lastDownLogNanos;
    private long attemptsWhileDown;
    private String problem = "has not been reached yet";
    private boolean everConnected;
    /** Whether the server's version was found to support {@code XADD ... ACKED} (or could not be read). */
    private boolean versionChecked;

    StreamSender(RedisClientHandle client, int streamMaxLen, boolean trimAckedOnly, Duration deliveryTimeout,
                 int maxPending) {
        this.client = client;
        this.streamMaxLen = streamMaxLen;
        this.trimAckedOnly = trimAckedOnly;
        this.deliveryTimeoutNanos = deliveryTimeout.toNanos();
        this.maxPending = maxPending;
        this.inFlight = new InFlight();
        this.thread = new Thread(this::run, "redis-event-producer");
        thread.setDaemon(true);
        thread.start();
    }

    /** The encoded {@code XADD} arguments of an entry, done on the caller's thread. */
    byte[] encode(String stream, EventsMetadata metadata, byte[] eventData, Map<String, String> traceContext) {
        byte[] head = heads.computeIfAbsent(stream, s -> XaddEncoding.head(s, streamMaxLen, trimAckedOnly));
        return XaddEncoding.arguments(head, metadata, eventData, traceContext);
    }

    /**
     * Takes an event for sending. While Redis is ready, at most {@link #PIPELINE_LIMIT} events
     * are unconfirmed: beyond, Redis is slower than the callers, and they wait for room
     * (backpressure) up to the delivery timeout. While Redis cannot be reached or is not ready,
     * up to {@code maxPending} events wait for it, and more are refused at once.
     *
     * @return false, having taken nothing, when the sender is closed or has no room
     */
    boolean submit(Outgoing event) {
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
        return ready && current != null && current.isOpen() ? Math.min(PIPELINE_LIMIT, maxPending) : maxPending;
    }

    private boolean awaitRoom() {
        try {
            return inFlight.acquire(this::limit, deliveryTimeoutNanos, () -> unreachable || closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@link #close} was called: every later submit is refused. */
    boolean isClosed() {
        return closed;
    }

    /** The number of arguments after {@code XADD} of every entry without a trace context. */
    int argumentCount() {
        return XaddEncoding.argumentCount(trimAckedOnly);
    }

    /** Connection attempts so far, for tests. */
    long connectAttempts() {
        return connectAttempts.get();
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
            lose("the connection closed", now);
        }
        if (connection == null && refused != null) {
            failAll(refused);
        }
        if (waiting.isEmpty() && dispatched.isEmpty()) {
            return IDLE_PARK_NANOS;
        }
        if (connection != null && ready) {
            if (notReadyAnswered) {
                return hold(now);
            }
            if (stalled(now)) {
                return 0;
            }
            if (waiting.isEmpty()) {
                return AWAITING_PARK_NANOS;
            }
            dispatch();
            return 0;
        }
        // Not connected, or connected and not known to be ready: at most one attempt per backoff step.
        if (now - nextAttemptNanos < 0) {
            expire(now);
            return Math.min(nextAttemptNanos - now, untilFirstDeadline(now));
        }
        if (connection == null && !connect(now)) {
            expire(now);
            return Math.min(backOff(now, MAX_CONNECT_BACKOFF_MILLIS), untilFirstDeadline(now));
        }
        if (!probe(now)) {
            expire(now);
            return Math.min(backOff(now, connection == null ? MAX_CONNECT_BACKOFF_MILLIS : MAX_NOT_READY_BACKOFF_MILLIS),
                    untilFirstDeadline(now));
        }
        // Reachable before ready: a sender that finds the pipeline full then waits for room instead of being refused.
        up(now);
        ready = true;
        backoffMillis = MIN_BACKOFF_MILLIS;
        // What outlived its delivery timeout during the outage fails now, rather than being written and failed after.
        expire(now);
        resend();
        dispatch();
        return 0;
    }

    /**
     * How long until the oldest event reaches its delivery timeout (at least a millisecond), so
     * that a sender backing off from an absent Redis reports it failed then, not at its next
     * attempt, seconds later.
     */
    private long untilFirstDeadline(long now) {
        XaddCommand unconfirmed = dispatched.peek();
        Outgoing unwritten = waiting.peek();
        if (unconfirmed == null && unwritten == null) {
            return Long.MAX_VALUE;
        }
        long first;
        if (unconfirmed == null || unwritten == null) {
            first = unconfirmed == null ? unwritten.event().sentNanos() : unconfirmed.event().event().sentNanos();
        } else {
            long a = unconfirmed.event().event().sentNanos();
            long b = unwritten.event().sentNanos();
            first = a - b < 0 ? a : b;
        }
        return Math.max(MIN_PARK_NANOS, first + deliveryTimeoutNanos - now);
    }

    private long backOff(long now, long maxMillis) {
        long backoff = TimeUnit.MILLISECONDS.toNanos(Math.min(backoffMillis, maxMillis));
        backoffMillis = Math.min(maxMillis, backoffMillis * 2);
        nextAttemptNanos = now + backoff;
        return backoff;
    }

    private void finish() {
        RedisBusException closedError = new RedisBusException("The producer was closed before Redis at "
                + client.address() + " confirmed the event");
        drainQueue();
        waiting.forEach(event -> complete(event, null, closedError));
        waiting.clear();
        dispatched.forEach(command -> command.fail(closedError));
        StatefulRedisConnection<byte[], byte[]> last = connection;
        connection = null;
        ready = false;
        if (last != null) {
            last.close();
        }
    }

    /**
     * Writes the event on the caller's thread when nothing else is in flight (the sender is
     * idle and the pipeline empty), which saves a thread hand-off per event at low rates;
     * under load the sender batches instead.
     */
    private boolean dispatchDirectly(Outgoing event) {
        if (!parked || !ready || notReadyAnswered || inFlight.count() != 1 || !dispatchLock.tryLock()) {
            return false;
        }
        try {
            StatefulRedisConnection<byte[], byte[]> current = connection;
            if (current == null || !current.isOpen() || !ready || notReadyAnswered) {
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
        Outgoing event;
        while ((event = queue.poll()) != null) {
            waiting.add(event);
        }
    }

    /** Opens a connection; false when Redis cannot be reached or refuses the credentials. */
    private boolean connect(long now) {
        connectAttempts.incrementAndGet();
        attemptsWhileDown++;
        try {
            connection = client.connect();
            generation++;
            connectedAs = null;
            refused = null;
            return true;
        } catch (RuntimeException e) {
            String authentication = RedisErrors.authenticationFailure(e);
            if (authentication != null) {
                refused = new RedisBusException("Redis at " + client.address() + " refused the credentials: "
                        + authentication, e);
                down("refuses the credentials: " + authentication, "events fail at once until it accepts them",
                        now, true);
                failAll(refused);
            } else {
                down("cannot be reached: " + RedisErrors.describe(e), null, now, false);
            }
            return false;
        }
    }

    /**
     * Whether the new connection's server is ready for XADDs ({@code PING} answers, not
     * {@code LOADING} or another "not ready" error). Before that, the connection given up on
     * with events unconfirmed is ended on the server, so that none of its commands can still
     * run once they are sent again; and the new connection's own id is learnt, for the same
     * reason.
     */
    private boolean probe(long now) {
        RedisAsyncCommands<byte[], byte[]> commands = connection.async();
        ServerClient toEnd = abandoned;
        RedisFuture<Long> kill = toEnd == null ? null : commands.clientKill(new KillArgs().id(toEnd.id())
                .addr(toEnd.addr()));
        RedisFuture<String> info = connectedAs == null ? commands.clientInfo() : null;
        RedisFuture<String> server = trimAckedOnly && !versionChecked ? commands.info("server") : null;
        RedisFuture<String> ping = commands.ping();
        try {
            if (kill != null) {
                try {
                    kill.get(STALL_NANOS, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    // No right to (NOPERM): Redis ends a closed client itself; the risk is a connection that
                    // looks dead here and is alive there, which only a kill could settle.
                    LOG.debug("Could not end the previous connection {} on the server: {}", toEnd,
                            RedisErrors.describe(e.getCause()));
                }
                abandoned = null;
            }
            if (info != null) {
                try {
                    connectedAs = ServerClient.parse(info.get(STALL_NANOS, TimeUnit.NANOSECONDS));
                } catch (ExecutionException e) {
                    LOG.debug("CLIENT INFO failed: {}", RedisErrors.describe(e.getCause()));
                }
            }
            if (server != null && !supportsAckedTrimming(server, now)) {
                return false;
            }
            ping.get(STALL_NANOS, TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisCommandExecutionException) {
                if (RedisErrors.notReady(cause.getMessage())) {
                    down("is not ready: " + cause.getMessage(), null, now, false);
                    return false;
                }
                // PING itself is not allowed (an ACL without it): the XADDs will tell.
                return true;
            }
            lose("the connection failed: " + RedisErrors.describe(cause), now);
            return false;
        } catch (TimeoutException e) {
            lose("it did not answer PING within " + TimeUnit.NANOSECONDS.toMillis(STALL_NANOS) + " ms", now);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lose("interrupted", now);
            return false;
        }
    }

    /**
     * Whether the server supports {@code XADD ... ACKED} (Redis 8.2), which
     * {@code EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY} asks for. When it does not, every event
     * fails at once with an error naming the setting and the version, until it does (the
     * server is upgraded); when its version cannot be read, the XADDs will tell.
     */
    private boolean supportsAckedTrimming(RedisFuture<String> server, long now)
            throws InterruptedException, TimeoutException {
        String version;
        try {
            version = XaddEncoding.serverVersion(server.get(STALL_NANOS, TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            LOG.debug("INFO server failed: {}", RedisErrors.describe(e.getCause()));
            versionChecked = true;
            return true;
        }
        if (version == null || XaddEncoding.supportsAcked(version)) {
            versionChecked = true;
            return true;
        }
        refused = new RedisBusException("EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY is true, but Redis at "
                + client.address() + " is version " + version + ", which cannot trim only acknowledged entries "
                + "(XADD ... ACKED needs Redis 8.2 or newer): upgrade Redis or set EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY "
                + "to false");
        StatefulRedisConnection<byte[], byte[]> current = connection;
        connection = null;
        ready = false;
        connectedAs = null;
        current.closeAsync();
        down("is version " + version + ", without XADD ... ACKED (EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY is true)",
                "events fail at once: upgrade Redis to 8.2 or newer, or set EVENT_BUS_REDIS_STREAM_TRIM_ACKED_ONLY to "
                        + "false", now, true);
        failAll(refused);
        return false;
    }

    /**
     * An XADD was answered "not ready": nothing more is written until every reply of the
     * connection is in, then the server is probed with backoff and the events not stored go
     * again, in order.
     */
    private long hold(long now) {
        for (XaddCommand command : dispatched) {
            if (command.generation() == generation && command.awaitingReply()) {
                return AWAITING_PARK_NANOS;
            }
        }
        notReadyAnswered = false;
        ready = false;
        String answer = null;
        int overtaken = 0;
        for (XaddCommand command : dispatched) {
            if (answer == null) {
                answer = command.notReady();
            } else if (command.stored() && command.generation() == generation) {
                overtaken++;
            }
        }
        if (overtaken > 0) {
            // Redis became ready while these were in flight, after refusing earlier ones: nothing can undo that.
            LOG.error("Redis at {} stored {} entries while earlier ones in the same pipeline were answered '{}'; "
                    + "those earlier ones are sent again now, after them", client.address(), overtaken, answer);
        }
        down("is not ready: " + answer, null, now, false);
        return backOff(now, MAX_NOT_READY_BACKOFF_MILLIS);
    }

    /**
     * Whether the connection, which has not answered for {@link #STALL_NANOS} (a dead peer sends
     * no reset), was replaced: only once it is ended on the server ({@code CLIENT KILL} through a
     * new connection), so that its XADDs cannot be stored after they are sent again. When that
     * cannot be done, the sender keeps waiting for its answers, up to the delivery timeout.
     */
    private boolean stalled(long now) {
        XaddCommand head = dispatched.peek();
        if (head == null || !head.awaitingReply() || head.generation() != generation
                || now - head.dispatchedNanos() < STALL_NANOS || now - lastStallCheckNanos < STALL_NANOS) {
            return false;
        }
        lastStallCheckNanos = now;
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - head.dispatchedNanos());
        ServerClient silent = connectedAs;
        if (silent == null) {
            LOG.warn("Redis at {} has not answered for {} ms; its connection cannot be ended on the server (its id is "
                    + "unknown), so the events stay on it, up to the delivery timeout", client.address(), silentMillis);
            return false;
        }
        StatefulRedisConnection<byte[], byte[]> fresh;
        try {
            connectAttempts.incrementAndGet();
            fresh = client.connect();
        } catch (RuntimeException e) {
            LOG.warn("Redis at {} has not answered for {} ms and a new connection fails ({}); waiting for its answers",
                    client.address(), silentMillis, RedisErrors.describe(e));
            return false;
        }
        try {
            fresh.async().clientKill(new KillArgs().id(silent.id()).addr(silent.addr()))
                    .get(STALL_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            fresh.closeAsync();
            LOG.warn("Redis at {} has not answered for {} ms and its connection cannot be ended on the server ({}); "
                    + "waiting for its answers rather than sending the events again (they could be stored twice, out "
                    + "of order)", client.address(), silentMillis, RedisErrors.describe(e));
            return false;
        } catch (InterruptedException e) {
            fresh.closeAsync();
            Thread.currentThread().interrupt();
            return false;
        }
        LOG.warn("Redis at {} had not answered for {} ms on one connection; ended it and sending its {} unconfirmed "
                + "events again on another", client.address(), silentMillis, dispatched.size());
        StatefulRedisConnection<byte[], byte[]> stale = connection;
        connection = fresh;
        generation++;
        connectedAs = null;
        ready = false;
        nextAttemptNanos = now;
        stale.closeAsync();
        return true;
    }

    /** The connection is gone: its unconfirmed events go again, in order, once a new one is ready. */
    private void lose(String why, long now) {
        StatefulRedisConnection<byte[], byte[]> current = connection;
        connection = null;
        ready = false;
        notReadyAnswered = false;
        if (!dispatched.isEmpty() && connectedAs != null) {
            abandoned = connectedAs;
        }
        connectedAs = null;
        if (current != null) {
            current.closeAsync();
        }
        down("is unreachable: " + why, dispatched.size() + " unconfirmed events will be sent again, in order", now,
                false);
    }

    /**
     * Logs that Redis became unreachable or not ready (once, whatever the attempts), and then
     * every {@value #STILL_DOWN_LOG_SECONDS} s that it still is.
     *
     * @param reason      what Redis does, after "Redis at ...": {@code cannot be reached: Connection refused ...}
     * @param consequence what happens to the events; null: they wait, in order, up to the delivery timeout
     */
    private void down(String reason, String consequence, long now, boolean error) {
        problem = reason;
        unreachable = true;
        String then = consequence != null ? consequence : "events wait, in order, for up to "
                + TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos) + " ms (at most " + maxPending + " of them)";
        if (downSinceNanos == 0) {
            downSinceNanos = now;
            lastDownLogNanos = now;
            attemptsWhileDown = 0;
            if (error) {
                LOG.error("Redis at {} {}; {}", client.address(), reason, then);
            } else {
                LOG.warn("Redis at {} {}; {}", client.address(), reason, then);
            }
        } else if (now - lastDownLogNanos >= TimeUnit.SECONDS.toNanos(STILL_DOWN_LOG_SECONDS)) {
            lastDownLogNanos = now;
            LOG.warn("Redis at {} still {} ({} s, {} connection attempts so far); {}", client.address(), reason,
                    TimeUnit.NANOSECONDS.toSeconds(now - downSinceNanos), attemptsWhileDown, then);
        }
    }

    private void up(long now) {
        if (downSinceNanos != 0) {
            LOG.warn("Redis at {} is reachable and ready after {} ms ({} connection attempts); sending the {} events "
                    + "that waited", client.address(), TimeUnit.NANOSECONDS.toMillis(now - downSinceNanos),
                    attemptsWhileDown, waiting.size() + dispatched.size());
        } else if (!everConnected) {
            LOG.info("Producer connected to Redis at {}", client.address());
        }
        everConnected = true;
        unreachable = false;
        downSinceNanos = 0;
        problem = null;
    }

    /** A command of the current connection was answered "not ready": hold, from the sender's thread. */
    void notReady() {
        notReadyAnswered = true;
        LockSupport.unpark(thread);
    }

    /** Everything waiting, as one write. */
    private void dispatch() {
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(waiting.size());
        Outgoing event;
        while ((event = waiting.poll()) != null) {
            commands.add(command(event));
        }
        write(commands);
    }

    /**
     * The events not confirmed on earlier connections, or answered "not ready", again, in
     * order, ahead of anything newer. Every reply to them has come, or can no longer come.
     */
    private void resend() {
        ArrayDeque<XaddCommand> lost = dispatched;
        dispatched = new ArrayDeque<>(lost.size());
        List<RedisCommand<byte[], byte[], ?>> commands = new ArrayList<>(lost.size());
        for (XaddCommand command : lost) {
            if (command.supersede()) {
                commands.add(command(command.event()));
            }
        }
        if (!commands.isEmpty()) {
            write(commands);
        }
    }

    private XaddCommand command(Outgoing event) {
        XaddCommand command = new XaddCommand(this, event);
        dispatched.add(command);
        return command;
    }

    private void write(List<RedisCommand<byte[], byte[], ?>> commands) {
        long now = System.nanoTime();
        commands.forEach(command -> ((XaddCommand) command).dispatched(now, generation));
        connection.dispatch(commands);
    }

    /** Wakes the sender: a command lost its connection. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Forgets settled commands, fails those past the delivery timeout, and drops the
     * connection when a command of it was lost.
     */
    private void retire(long now) {
        Set<String> failedStreams = null; // made on a failure only: this runs at every step of the send loop
        XaddCommand head;
        while ((head = dispatched.peek()) != null) {
            if (head.settled()) {
                dispatched.poll();
            } else if (now - head.event().event().sentNanos() >= deliveryTimeoutNanos) {
                dispatched.poll();
                failedStreams = failed(failedStreams, head.event().event().fullTopic());
                head.fail(timedOut(head));
            } else {
                if (connection != null && head.connectionFailed() && head.generation() == generation) {
                    lose("the connection failed under a command", now);
                }
                break;
            }
        }
        failBehind(failedStreams);
    }

    /** Adds a stream to those whose events just failed, making the set on the first one. */
    private static Set<String> failed(Set<String> failedStreams, String stream) {
        Set<String> streams = failedStreams == null ? new HashSet<>() : failedStreams;
        streams.add(stream);
        return streams;
    }

    /**
     * Fails every event of these streams still unconfirmed or unwritten: an earlier event of
     * each just failed, and whoever sends it again (an outbox relay, a spool) sends it before
     * these, so none of them may be stored first. Their deadlines are moments away anyway.
     *
     * @param failedStreams the streams of the events that just failed; null when none did
     */
    private void failBehind(Set<String> failedStreams) {
        if (failedStreams == null) {
            return;
        }
        for (XaddCommand command : dispatched) {
            String stream = command.event().event().fullTopic();
            if (!command.settled() && failedStreams.contains(stream)) {
                command.fail(behind(stream));
            }
        }
        waiting.removeIf(event -> {
            String stream = event.event().fullTopic();
            if (!failedStreams.contains(stream)) {
                return false;
            }
            complete(event, null, behind(stream));
            return true;
        });
    }

    private TransportException behind(String stream) {
        return new TransportException("Not confirmed by Redis at " + client.address() + ": an earlier event of stream '"
                + stream + "' failed, and this one must not be stored before that one is sent again", null);
    }

    private RuntimeException timedOut(XaddCommand command) {
        long millis = TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos);
        if (command.notReady() != null) {
            return new TransportException("Redis at " + client.address() + " was not ready within " + millis
                    + " ms (it answered '" + command.notReady() + "'); the entry was not stored", null);
        }
        // Transient by type, so that whoever keeps the event (an outbox relay) waits for Redis instead of giving up.
        return new TransportException("Redis at " + client.address() + " did not confirm the XADD within "
                + millis + " ms (it may still have stored it)" + (problem == null ? "" : "; Redis " + problem),
                new RedisCommandTimeoutException("XADD not confirmed"));
    }

    private void expire(long now) {
        retire(now);
        Set<String> failedStreams = null;
        while (!waiting.isEmpty() && now - waiting.peek().event().sentNanos() >= deliveryTimeoutNanos) {
            Outgoing event = waiting.poll();
            failedStreams = failed(failedStreams, event.event().fullTopic());
            complete(event, null, new TransportException("The event waited "
                    + TimeUnit.NANOSECONDS.toMillis(deliveryTimeoutNanos) + " ms for Redis at " + client.address()
                    + ", which " + problem, null));
        }
        failBehind(failedStreams);
    }

    /** Fails every event waiting or unconfirmed, now: Redis refuses the credentials. */
    private void failAll(RuntimeException error) {
        Outgoing event;
        while ((event = waiting.poll()) != null) {
            complete(event, null, error);
        }
        for (XaddCommand command : dispatched) {
            command.fail(error);
        }
        dispatched.clear();
    }

    /** Reports the outcome of an event, once (the callers see to that). */
    void complete(Outgoing event, String id, Throwable error) {
        try {
            if (error == null) {
                event.callback().delivered(event.event(), id);
            } else {
                event.callback().failed(event.event(), error);
            }
        } finally {
            inFlight.release();
        }
    }

    /**
     * Stops taking events and waits up to {@code timeout} for those taken to be confirmed;
     * whatever is left then is reported as failed, and the connection is closed.
     */
    void close(Duration timeout) {
        closeDeadlineNanos = System.nanoTime() + timeout.toNanos();
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(timeout.toMillis() + MAX_CONNECT_BACKOFF_MILLIS + 2 * STALL_NANOS / 1_000_000 + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
