package org.openedx.events.bus;

import java.util.List;
import java.util.Set;
import org.openedx.events.SenderValidationException;
import org.openedx.events.UnknownEventTypeException;
import org.openedx.events.wire.UnusableMessageException;

/**
 * Which failures are worth another try, decided by exception type only, in one place for every
 * backend. A {@link RetriableEventBusException} anywhere in the causes is; so is an exception
 * of a receiver's own (a database or a service that is down is the usual case), unless it is a
 * failure that cannot change on a second try: the data does not fit the signal
 * ({@link SenderValidationException}), the message is unusable ({@link UnusableMessageException},
 * {@link UnknownEventTypeException}) or a value has the wrong type ({@link ClassCastException}).
 */
public final class RetryPolicy {

    private static final Set<Class<? extends Throwable>> PERMANENT = Set.of(SenderValidationException.class,
            UnusableMessageException.class, UnknownEventTypeException.class, ClassCastException.class);

    private RetryPolicy() {
    }

    /** Whether trying again may succeed. */
    public static boolean isRetriable(Throwable failure) {
        if (failure instanceof ReceiverFailedException failed) {
            return failed.failures().stream().anyMatch(response -> isRetriable(response.error()));
        }
        boolean permanent = false;
        for (Throwable cause : causes(failure)) {
            if (cause instanceof RetriableEventBusException) {
                return true;
            }
            permanent |= PERMANENT.stream().anyMatch(type -> type.isInstance(cause));
        }
        return !permanent;
    }

    /** Whether the failure is a lost connection or a service that does not answer (the backend waits for it). */
    public static boolean isTransient(Throwable failure) {
        return causes(failure).stream().anyMatch(RetriableEventBusException.class::isInstance);
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause) && chain.size() < 20;
             cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
