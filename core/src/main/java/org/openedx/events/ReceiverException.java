package org.openedx.events;

/**
 * Carries a checked exception out of a receiver during a plain (non-robust) send. Unchecked
 * exceptions propagate as they are.
 */
public final class ReceiverException extends EventBusException {

    public ReceiverException(String receiver, String eventType, Exception cause) {
        super("Receiver " + receiver + " of <" + eventType + "> failed: " + cause, cause);
    }
}
