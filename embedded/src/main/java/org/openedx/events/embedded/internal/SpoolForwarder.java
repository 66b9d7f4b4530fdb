package org.openedx.events.embedded.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.RetryPolicy;
import org.openedx.events.bus.spi.Backlog;
import org.openedx.events.bus.spi.DecodeResult;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.EnvelopeDecoder;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.embedded.EmbeddedBusException;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.embedded.SpoolEvent;
import org.openedx.events.settings.Secrets;
import org.openedx.events.wire.EventKeys;
import org.openedx.events.wire.MetadataCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that empties the spool into the backend: it reads the stored events in the order
 * they were stored, decodes each again into the event the backend's transport takes, and
 * removes each from the spool once the backend confirmed it. Each topic has one write in
 * flight at a time, topics up to {@value #WINDOW} together: a transport may fail one write
 * (its delivery timeout passed) and still deliver the next one of the same topic, which would
 * put the failed event, sent again, after it. When a write fails, the forwarder lets the writes
 * in flight settle, waits (backing off up to {@link #MAX_BACKOFF}) and starts again from the
 * oldest event still stored: at least once, in order. A refusal that is not the backend's absence
 * ({@link RetryPolicy#isTransient}) counts in the {@link SpoolLedger} and makes only the event's
 * topic wait (with the same backoff) while the others go on; an event refused
 * {@code EVENT_BUS_SPOOL_MAX_ATTEMPTS} times is parked there: it stays in the spool, its topic is
 * no longer forwarded (its order would break), the other topics go on, and an operator retries
 * or purges it ({@code openedx-events spool}), which the forwarder notices within a second.
 * One producer process forwards a spool at
 * a time, the one holding a lock on {@code <spool>.forwarder.lock}, which the operating system
 * releases when that process dies, however it dies.
 */
final class SpoolForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolForwarder.class);
    /** The most writes waiting for the backend's confirmation. */
    static final int WINDOW = 1_000;
    private static final int READ_BATCH = 500;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * How often confirmed events are removed, together: a removal is a commit, which would cost
     * more than forwarding the event. A crash sends what was confirmed since the last one again.
     */
    private static final long REMOVE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LOCK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often the spool's events are counted (a scan of the spool): other processes add to it too. */
    private static final long COUNT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final String TOPIC = "topic";
    private static final String EVENT_KEY_FIELD = "event_key_field";
    private static final int TYPE = MetadataCodec.BARE_FIELDS.names().indexOf("type");
    private static final int ID = MetadataCodec.BARE_FIELDS.names().indexOf("id");

    private final Path path;
    private final Path lockFile;
    private final EmbeddedSettings settings;
    private final SqliteStore store;
    private final SpoolLedger ledger;
    private final int maxAttempts;
    private final Clock clock;
    private final ProducerTransport target;
    private final EnvelopeDecoder decoder;
    private final boolean usesKeys;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Long> confirmed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The writes that failed since the last recovery. */
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    /** The spool's events, counted now and then and followed in between: what health and metrics call pending. */
    private final AtomicLong held = new AtomicLong();
    /** Why the backend does not take the spool's events, until it confirms one again. */
    private volatile String problem;
    /** The first parked event of each topic that has one, as the ledger had them at the last count. */
    private volatile Map<String, SpoolEvent> parked = Map.of();
    private volatile boolean running = true;
    /** Whether the last look found nothing to send and nothing in flight, or another process forwards. */
    private volatile boolean idle;
    // The forwarding thread's own state.
    private final Map<String, EventKeys.Path> keyPaths = new HashMap<>();
    /** The positions the ledger has a row for: the row goes when the event does. */
    private final Set<Long> refused = new HashSet<>();
    /** A parked event was retried or purged: its topic is read again from its oldest event. */
    private boolean unparked;
    /** Topics whose oldest event the backend refused, each until it is sent again (System.nanoTime()). */
    private final Map<String, Long> refusedUntil = new HashMap<>();
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean toldOtherForwards;
    private long cursor;
    /** Read from the spool, not yet written; the forwarding thread's. */
    private final ArrayDeque<SqliteStore.StoredMessage> buffer = new ArrayDeque<>();
    /** The topics with a write in flight. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private Duration backoff = MIN_BACKOFF;
    private long lastRemovalNanos;
    private long lastCountNanos;

    /** A write the backend failed. */
    private record Failure(SqliteStore.StoredMessage message, Throwable error, boolean undecodable) {
    }

    /** @param maxAttempts refusals after which an event is parked */
    SpoolForwarder(EmbeddedSettings settings, int maxAttempts, ProducerTransport target, EventCodec codec,
                   Clock clock) {
        this.settings = settings;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.path = settings.path().toAbsolutePath();
        this.lockFile = path.resolveSibling(path.getFileName() + ".forwarder.lock");
        this.store = new SqliteStore(settings, EmbeddedSettings.EVENT_BUS_SPOOL_PATH.name());
        try {
            this.ledger = new SpoolLedger(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.target = target;
        this.decoder = new EnvelopeDecoder(MetadataCodec.BARE_FIELDS, true, codec);
        this.usesKeys = target.usesKeys();
        this.thread = new Thread(this::run, "event-bus-spool-forwarder");
        thread.setDaemon(true);
        thread.start();
    }

    /** The {@code attributes} column of a spooled event: what the stored envelope lacks to be sent again. */
    static String attributes(EncodedEvent event) {
        Map<String, String> attributes = new HashMap<>(4);
        attributes.put(TOPIC, event.event().topic());
        if (event.event().eventKeyField() != null) {
            attributes.put(EVENT_KEY_FIELD, event.event().eventKeyField());
        }
        return TraceContextColumn.write(attributes);
    }

    /** Something was stored: look now rather than after the idle wait. */
    void wake() {
        held.incrementAndGet();
        idle = false;
        LockSupport.unpark(thread);
    }

    /** What waits in the spool for the backend, and why: the backend's failure while it lasts, and parked topics. */
    Backlog backlog() {
        String failing = problem;
        Map<String, SpoolEvent> stopped = parked;
        String parkedTopics = stopped.isEmpty() ? null : stopped.values().stream()
                .map(event -> "topic '" + event.topic() + "' is parked at event " + event.eventId() + " ("
                        + event.eventType() + ") after " + event.attempts() + " refusal(s): " + event.lastError())
                .collect(Collectors.joining("; ", "", " (see openedx-events spool list, retry, purge)"));
        return new Backlog(Math.max(0, held.get()),
                failing == null ? parkedTopics : parkedTopics == null ? failing : failing + "; " + parkedTopics);
    }

    /** Counts the spool's events and reads its parked ones, noting when one was retried or purged. */
    private void count() {
        lastCountNanos = System.nanoTime();
        held.set(store.size());
        Map<String, SpoolEvent> now = new LinkedHashMap<>();
        for (SpoolEvent event : ledger.events(null, true, 0)) {
            now.putIfAbsent(event.topic(), event);
        }
        unparked |= !now.keySet().containsAll(parked.keySet());
        parked = Map.copyOf(now);
    }

    private void run() {
        while (running) {
            try {
                if (System.nanoTime() - lastCountNanos > COUNT_EVERY_NANOS) {
                    count();
                }
                if (!holdsLock() && !tryLock()) {
                    idle = true;
                    LockSupport.parkNanos(this, LOCK_RETRY_NANOS);
                    continue;
                }
                if (System.nanoTime() - lastRemovalNanos > REMOVE_EVERY_NANOS) {
                    removeConfirmed();
                }
                if (!failures.isEmpty()) {
                    recover();
                } else if ((unparked || refusalWaitEnded()) && holdsLock()) {
                    unparked = false;
                    settle();
                    restartFromOldest();
                } else if (inFlight.get() >= WINDOW) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                } else {
                    forwardNext();
                }
            } catch (RuntimeException e) {
                LOG.warn("The spool {} cannot be read or updated and is tried again in {} ms: {}", path,
                        backoff.toMillis(), e.getMessage());
                pause();
            }
        }
    }

    private void forwardNext() {
        if (buffer.isEmpty()) {
            List<SqliteStore.StoredMessage> stored = store.readAll(cursor, READ_BATCH);
            if (stored.isEmpty()) {
                idle = inFlight.get() == 0 && confirmed.isEmpty();
                LockSupport.parkNanos(this, IDLE_NANOS);
                return;
            }
            buffer.addAll(stored);
            cursor = stored.get(stored.size() - 1).position();
        }
        idle = false;
        boolean wrote = false;
        Map<String, SpoolEvent> stopped = parked;
        while (!buffer.isEmpty() && inFlight.get() < WINDOW && failures.isEmpty() && running) {
            SqliteStore.StoredMessage next = buffer.peek();
            if (stopped.containsKey(next.topic())
                    || refusedUntil.containsKey(next.topic())) {
                buffer.poll();
            } else if (busy.add(next.topic())) {
                buffer.poll();
                forward(next);
                wrote = true;
            } else {
                break;
            }
        }
        if (!wrote) {
            LockSupport.parkNanos(this, IDLE_NANOS); // until a write settles
        }
    }

    private void forward(SqliteStore.StoredMessage message) {
        EncodedEvent event;
        try {
            event = decode(message);
        } catch (RuntimeException e) {
            // It never will be (its type is gone, say, after an upgrade): parked at once, it holds its topic in order.
            busy.remove(message.topic());
            failures.add(new Failure(message, new EmbeddedBusException("the spooled event cannot be decoded again: "
                    + e.getMessage(), e), true));
            return;
        }
        inFlight.incrementAndGet();
        long position = message.position();
        String topic = message.topic();
        try {
            target.write(event, new ProducerTransport.WriteCallback() {
                @Override
                public void delivered(EncodedEvent written, String where) {
                    confirmed.add(position);
                    settled(topic);
                }

                @Override
                public void failed(EncodedEvent written, Throwable error) {
                    failures.add(new Failure(message, error, false));
                    settled(topic);
                }
            });
        } catch (RuntimeException e) {
            failures.add(new Failure(message, e, false));
            settled(topic);
        }
    }

    private void settled(String topic) {
        busy.remove(topic);
        inFlight.decrementAndGet();
        LockSupport.unpark(thread);
    }

    private EncodedEvent decode(SqliteStore.StoredMessage message) {
        if (!(decoder.decode(message.metadata(), message.eventData()) instanceof DecodeResult.Decoded decoded)) {
            throw new EmbeddedBusException("the event type is unknown or its data no longer decodes", null);
        }
        Map<String, String> attributes = TraceContextColumn.read(message.attributes());
        String keyField = attributes.get(EVENT_KEY_FIELD);
        OutgoingEvent event = new OutgoingEvent(decoded.signal(), attributes.get(TOPIC), keyField, decoded.data(),
                decoded.metadata());
        Object key = usesKeys && keyField != null
                ? keyPaths.computeIfAbsent(keyField, EventKeys::path).extract(decoded.data()) : null;
        Map<String, String> traceContext = message.traceContext() == null ? Map.of()
                : TraceContextColumn.read(message.traceContext());
        return new EncodedEvent(event, message.topic(), key, message.eventData(), System.nanoTime(), traceContext);
    }

    /**
     * After failed writes: lets the writes in flight settle, counts each refusal (parking an event
     * refused too often), and reads the spool again from its oldest event: after a wait when the
     * backend is away; at once when it refused an event, whose topic alone waits.
     */
    private void recover() {
        settle();
        if (!running) {
            return; // closing fails the writes in flight: no refusal of the backend's, they stay for the next start
        }
        String away = null;
        String refusal = null;
        for (Failure failed = failures.poll(); failed != null; failed = failures.poll()) {
            String error = Secrets.maskUrlPasswords(String.valueOf(failed.error()));
            if (RetryPolicy.isTransient(failed.error())) {
                away = away == null ? error : away;
            } else if (!refuse(failed.message(), error, failed.undecodable() ? 1 : maxAttempts)) {
                refusal = error;
            }
        }
        // A parked event's refusal is told by the parked topics, not as the backend's failure.
        problem = away != null ? away : refusal;
        count();
        if (away != null) {
            LOG.warn("Cannot forward the spooled events to the backend; {} event(s) wait in the spool {} and are sent "
                    + "again in {} ms: {}", held.get(), path, backoff.toMillis(), away);
            pause();
        }
        restartFromOldest();
    }

    /**
     * Counts the backend's refusal of an event in the ledger and says what it made of it.
     *
     * @return whether the event is now parked
     */
    private boolean refuse(SqliteStore.StoredMessage message, String error, int parkAfter) {
        SpoolLedger.Attempt attempt = ledger.refused(message.position(), message.topic(), error, clock.millis(),
                parkAfter);
        refused.add(message.position());
        String id = text(message.metadata()[ID]);
        String type = text(message.metadata()[TYPE]);
        Duration wait = refusalWait(attempt.attempts());
        if (!attempt.parked()) {
            refusedUntil.put(message.topic(), System.nanoTime() + wait.toNanos());
        }
        if (attempt.parked()) {
            LOG.error("The spooled event {} ({}) of topic '{}' was refused {} time(s) and is parked in the spool {}: "
                    + "the topic is no longer forwarded until 'openedx-events spool retry' or 'purge' ({}). error={}",
                    id, type, message.topic(), attempt.attempts(), path, EmbeddedSettings.EVENT_BUS_SPOOL_MAX_ATTEMPTS
                            .name(), error);
        } else {
            LOG.warn("The backend refused the spooled event {} ({}) of topic '{}' (attempt {} of {}), sent again in {} "
                    + "ms: {}", id, type, message.topic(), attempt.attempts(), maxAttempts, wait.toMillis(), error);
        }
        return attempt.parked();
    }

    /** How long a topic waits after its event's {@code attempts}-th refusal: doubling from the least backoff. */
    private static Duration refusalWait(int attempts) {
        long millis = MIN_BACKOFF.toMillis() << Math.min(16, Math.max(0, attempts - 1));
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** Whether a topic's wait after a refusal has ended: it is read again from its oldest event. */
    private boolean refusalWaitEnded() {
        long now = System.nanoTime();
        return refusedUntil.values().removeIf(until -> now - until >= 0);
    }

    private static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /**
     * Lets the writes in flight settle (a transport calls back each within its delivery timeout) and
     * removes what the backend confirmed, so that reading again from the oldest event sends nothing twice.
     */
    private void settle() {
        while (inFlight.get() > 0 && running) {
            LockSupport.parkNanos(this, IDLE_NANOS);
        }
        removeConfirmed();
    }

    private void restartFromOldest() {
        buffer.clear();
        cursor = 0;
    }

    private void pause() {
        long until = System.nanoTime() + backoff.toNanos();
        long left;
        while (running && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    private void removeConfirmed() {
        lastRemovalNanos = System.nanoTime();
        List<Long> positions = new ArrayList<>();
        for (Long position = confirmed.poll(); position != null; position = confirmed.poll()) {
            positions.add(position);
        }
        for (int from = 0; from < positions.size(); from += READ_BATCH) {
            held.addAndGet(-store.delete(positions.subList(from, Math.min(positions.size(), from + READ_BATCH))));
            backoff = MIN_BACKOFF;
            problem = null;
        }
        if (!refused.isEmpty()) {
            List<Long> forwarded = positions.stream().filter(refused::remove).toList();
            if (!forwarded.isEmpty()) {
                ledger.forget(forwarded);
            }
        }
    }

    private boolean holdsLock() {
        return lock != null && lock.isValid();
    }

    private boolean tryLock() {
        try {
            if (lockChannel == null) {
                SqliteStore.createPrivately(lockFile, settings.fileMode());
                lockChannel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            }
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // another producer of this process forwards it
        } catch (IOException e) {
            throw new EmbeddedBusException("Cannot lock " + lockFile + " (" + EmbeddedSettings.EVENT_BUS_SPOOL_PATH.name()
                    + "): " + e.getMessage(), e);
        }
        if (lock == null && !toldOtherForwards) {
            toldOtherForwards = true;
            LOG.info("Another producer forwards the spool {}: this one stores its events there, and forwards them if "
                    + "that one stops", path);
        }
        if (lock != null) {
            refused.clear();
            refused.addAll(ledger.tidy());
            restartFromOldest();
        }
        return lock != null;
    }

    /**
     * Forwards what is left for up to {@code timeout}, stops, and closes the backend's transport;
     * what the backend has not confirmed by then stays in the spool for the next producer.
     */
    void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        wake();
        while (!idle && thread.isAlive() && deadline - System.nanoTime() > 0) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        }
        running = false;
        LockSupport.unpark(thread);
        target.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            removeConfirmed();
            long left = store.size();
            if (left > 0) {
                LOG.info("{} event(s) stay in the spool {}: they are forwarded when a producer starts on it again",
                        left, path);
            }
        } finally {
            try {
                if (lockChannel != null) {
                    lockChannel.close();
                }
            } catch (IOException e) {
                LOG.debug("Closing the lock of the spool {} failed: {}", path, e.toString());
            }
            store.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
