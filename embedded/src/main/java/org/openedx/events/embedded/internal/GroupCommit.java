package org.openedx.events.embedded.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.openedx.events.embedded.EmbeddedBusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the appends of concurrent senders together, each sender returning only once the
 * transaction that holds its message is durable. A sender that finds no commit under way leads:
 * it commits everything waiting, its own message included, while the senders that arrive
 * meanwhile wait; it then hands the lead to the first of them, which commits all that gathered
 * during the last commit. A lone sender commits its own message at once, as before, and eight
 * senders share a commit several ways. Messages commit in the order they were appended, so a
 * topic keeps the order of its sends.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** How many appends between two looks at the log's size from the committing thread (a stat call). */
    private static final int WAL_CHECK_EVERY = 256;
    /** The longest a leader waits for the senders it expects. */
    private static final long GATHER_NANOS = 200_000;

    private final SqliteStore store;
    private final long walBoundBytes;
    private final Duration walPatience;
    /** Appends not yet taken by a commit, oldest first; guarded by {@code this}. */
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Whether a sender leads (commits, or is about to); guarded by {@code this}. */
    private boolean leading;
    private boolean closed;
    /** The leader while it waits for the senders it expects; guarded by {@code this}. */
    private Thread gatherer;
    /** How many messages the leader waits for: as many as the last commit held. Only the leader touches it. */
    private int expected = 1;
    /** Appends since the log's size was last looked at; only the leading sender touches it. */
    private int appendsSinceWalCheck;

    /**
     * @param walBoundBytes beyond this the committing sender truncates the write-ahead log itself,
     *                      waiting up to {@code walPatience} for it: see {@link SqliteStore#boundWalWaiting}
     */
    GroupCommit(SqliteStore store, long walBoundBytes, Duration walPatience) {
        this.store = store;
        this.walBoundBytes = walBoundBytes;
        this.walPatience = walPatience;
    }

    /** One sender's message, and once {@code done}, its position or failure. */
    private static final class Pending {
        final SqliteStore.Append message;
        final Thread sender;
        long position;
        RuntimeException failure;
        /** Written after the outcome, so that a sender that sees it sees the outcome too. */
        volatile boolean done;
        volatile boolean leads;

        Pending(SqliteStore.Append message, Thread sender) {
            this.message = message;
            this.sender = sender;
        }

        long outcome() {
            if (failure != null) {
                throw failure;
            }
            return position;
        }
    }

    /**
     * Appends a message, committed with whatever other senders append meanwhile.
     *
     * @return its position, once it is durable
     * @throws EmbeddedBusException when the store cannot take it (the message is not stored)
     */
    long append(SqliteStore.Append message) {
        Pending mine = new Pending(message, Thread.currentThread());
        boolean lead;
        synchronized (this) {
            if (closed) {
                throw new EmbeddedBusException("The embedded store " + store.path() + " is closed", null);
            }
            waiting.addLast(mine);
            if (gatherer != null && waiting.size() >= expected) {
                LockSupport.unpark(gatherer);
            }
            lead = !leading;
            leading = true;
        }
        while (!lead) {
            LockSupport.park(this);
            if (mine.done) {
                return mine.outcome();
            }
            lead = mine.leads;
        }
        commitWaiting();
        return mine.outcome();
    }

    /** Commits what waits, tells each sender, and hands the lead on (or lets it go). */
    private void commitWaiting() {
        gather();
        List<Pending> batch;
        synchronized (this) {
            batch = new ArrayList<>(waiting);
            waiting.clear();
        }
        expected = batch.size();
        List<SqliteStore.Append> messages = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            messages.add(pending.message);
        }
        try {
            long[] positions = store.appendAll(messages);
            for (int i = 0; i < positions.length; i++) {
                batch.get(i).position = positions[i];
            }
        } catch (RuntimeException e) {
            batch.forEach(pending -> pending.failure = e);
        }
        boundWal(batch.size());
        Pending next;
        synchronized (this) {
            next = waiting.peekFirst();
            leading = next != null;
            if (next != null) {
                next.leads = true;
            } else if (closed) {
                notifyAll();
            }
        }
        Thread self = Thread.currentThread();
        for (Pending pending : batch) {
            pending.done = true;
            if (pending.sender != self) {
                LockSupport.unpark(pending.sender);
            }
        }
        if (next != null) {
            LockSupport.unpark(next.sender);
        }
    }

    /**
     * Waits a moment for the senders of the last commit to come back, so that they share the next
     * one. Without this, on a machine whose cores are busy, the sender that leads returns and
     * leads again before the others are even scheduled, and every commit holds one message. A
     * lone sender expects only itself and never waits; one that stopped sending costs the next
     * commit one wait, after which fewer are expected.
     */
    private void gather() {
        if (expected <= 1) {
            return;
        }
        long deadline = System.nanoTime() + GATHER_NANOS;
        synchronized (this) {
            gatherer = Thread.currentThread();
        }
        try {
            while (true) {
                synchronized (this) {
                    if (waiting.size() >= expected || closed) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            synchronized (this) {
                gatherer = null;
            }
        }
    }

    /**
     * Truncates the log when the maintenance thread has fallen far behind. The messages are
     * committed by then, so a failure here is the next check's to retry, not theirs.
     */
    private void boundWal(int appended) {
        appendsSinceWalCheck += appended;
        if (appendsSinceWalCheck < WAL_CHECK_EVERY) {
            return;
        }
        appendsSinceWalCheck = 0;
        try {
            store.boundWalWaiting(walBoundBytes, walPatience);
        } catch (RuntimeException e) {
            LOG.warn("Checkpointing the embedded store's log failed and will be tried again: {}", e.getMessage());
        }
    }

    /** Refuses further appends, waits for the commit under way, and closes the store. */
    void close() {
        synchronized (this) {
            closed = true;
            boolean interrupted = false;
            while (leading) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        store.close();
    }
}
