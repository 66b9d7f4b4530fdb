package org.openedx.events.bus;

import java.util.List;
import org.openedx.events.EventBusException;
import org.openedx.events.ReceiverResponse;

/**
 * Some receivers of a consumed event failed (upstream {@code ReceiverError}); the message
 * counts them and names each with its exception.
 */
public final class ReceiverFailedException extends EventBusException {

    private final List<ReceiverResponse> failures;

    public ReceiverFailedException(String message, List<ReceiverResponse> failures) {
        super(message, failures.get(0).error());
        this.failures = failures;
        failures.stream().skip(1).forEach(failure -> addSuppressed(failure.error()));
    }

    public List<ReceiverResponse> failures() {
        return failures;
    }
}
