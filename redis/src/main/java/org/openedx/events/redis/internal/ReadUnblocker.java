package org.openedx.events.redis.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets another thread end a consumer's blocking read at once ({@code CLIENT UNBLOCK} from a
 * second connection), so that stopping does not wait for the poll timeout.
 */
final class ReadUnblocker {

    private static final Logger LOG = LoggerFactory.getLogger(ReadUnblocker.class);
    private static final long RETRY_MILLIS = 20;
    private static final long GIVE_UP_MILLIS = 5_000;

    private volatile GroupConnection reading;
    private volatile Thread unblocker;

    /** Marks the start of a read on {@code connection}. */
    public void reading(GroupConnection connection) {
        reading = connection;
    }

    /** Marks the end of the read. */
    public void done() {
        reading = null;
    }

    /** Ends the read in progress, if any, from a thread of its own. */
    public void unblock() {
        GroupConnection blocked = reading;
        if (blocked == null) {
            return;
        }
        Thread thread = new Thread(() -> unblock(blocked), "redis-consumer-stop");
        thread.setDaemon(true);
        unblocker = thread;
        thread.start();
    }

    private void unblock(GroupConnection blocked) {
        long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
        // The read may not have reached Redis yet: unblock until it has returned.
        while (reading == blocked && System.currentTimeMillis() < deadline) {
            try {
                blocked.unblock();
            } catch (RuntimeException e) {
                LOG.debug("Could not unblock a read: {}", e.toString());
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits for the unblocking thread: its connection belongs to the client, which must outlive it. */
    public void awaitDone() {
        Thread thread = unblocker;
        if (thread != null) {
            try {
                thread.join(GIVE_UP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
