package org.openedx.events.redis.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Counts events taken but not yet confirmed or failed: a bound that senders may wait on for
 * room.
 */
final class InFlight {

    private static final long ROOM_CHECK_MILLIS = 1;
    private static final long WAKE_EVERY = 256;

    private final AtomicLong count = new AtomicLong();
    private final Object monitor = new Object();
    private volatile int waiters;

    /** Counts one more unless {@code limit} are counted already. */
    boolean tryAcquire(long limit) {
        long current;
        do {
            current = count.get();
            if (current >= limit) {
                return false;
            }
        } while (!count.compareAndSet(current, current + 1));
        return true;
    }

    /**
     * Counts one more, waiting up to {@code timeoutNanos} for the count to drop below the
     * limit (read again as it may change), unless {@code giveUp} turns true.
     */
    boolean acquire(LongSupplier limit, long timeoutNanos, BooleanSupplier giveUp) throws InterruptedException {
        if (tryAcquire(limit.getAsLong())) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (monitor) {
            waiters++;
            try {
                while (!tryAcquire(limit.getAsLong())) {
                    if (deadline - System.nanoTime() <= 0 || giveUp.getAsBoolean()) {
                        return false;
                    }
                    monitor.wait(ROOM_CHECK_MILLIS);
                }
                return true;
            } finally {
                waiters--;
            }
        }
    }

    void release() {
        long now = count.decrementAndGet();
        // Waiters also look every millisecond; waking them on every release would cost more than it saves.
        if (waiters > 0 && (now == 0 || now % WAKE_EVERY == 0)) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    long count() {
        return count.get();
    }
}
