package org.openedx.events.bus.internal;

import org.openedx.events.bus.ConsecutiveErrorsLimitException;

/**
 * Counts a consumer's errors in a row and ends consumption when the limit is reached
 * (upstream {@code EVENT_BUS_*_CONSUMER_CONSECUTIVE_ERRORS_LIMIT}); a success resets the count.
 */
final class ConsecutiveErrors {

    private final Integer limit;
    private final String consumer;
    private volatile int count;

    /**
     * @param limit    the number of errors in a row that ends consumption; {@code null} for none
     * @param consumer names the consumer in the error, e.g. {@code topic 't', group 'g'}
     */
    ConsecutiveErrors(Integer limit, String consumer) {
        this.limit = limit;
        this.consumer = consumer;
    }

    void success() {
        if (count != 0) {
            count = 0;
        }
    }

    /**
     * Counts one error.
     *
     * @throws ConsecutiveErrorsLimitException when this error reaches the limit
     */
    void error(Throwable cause) {
        int errors = count + 1;
        count = errors;
        if (limit != null && errors >= limit) {
            throw new ConsecutiveErrorsLimitException("Too many consecutive errors (" + errors + ") in the consumer of "
                    + consumer + "; last: " + cause, cause);
        }
    }

    int count() {
        return count;
    }
}
