package org.openedx.events.bus;

import org.openedx.events.EventBusException;

/**
 * Counts a consumer's errors in a row and ends consumption when the limit is reached
 * (upstream {@code EVENT_BUS_*_CONSUMER_CONSECUTIVE_ERRORS_LIMIT}); a success resets the count.
 */
public final class ConsecutiveErrors {

    private final Integer limit;
    private final String consumer;
    private int count;

    /**
     * @param limit    the number of errors in a row that ends consumption; {@code null} or 0 for none
     * @param consumer names the consumer in the error, e.g. {@code topic 't', group 'g'}
     */
    public ConsecutiveErrors(Integer limit, String consumer) {
        this.limit = limit == null || limit <= 0 ? null : limit;
        this.consumer = consumer;
    }

    public void success() {
        count = 0;
    }

    /**
     * Counts one error.
     *
     * @throws LimitReachedException when this error reaches the limit
     */
    public void error(Throwable cause) {
        count++;
        if (limit != null && count >= limit) {
            throw new LimitReachedException("Too many consecutive errors (" + count + ") in the consumer of "
                    + consumer + "; last: " + cause, cause);
        }
    }

    public int count() {
        return count;
    }

    /** Ends a consumer: the process should exit non-zero so that its supervisor restarts it. */
    public static final class LimitReachedException extends EventBusException {
        LimitReachedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
