package org.openedx.events;

/** Arguments given to {@code sendEvent} do not match the signal's data (upstream {@code SenderValidationError}). */
public final class SenderValidationException extends OpenEdxEventException {

    public SenderValidationException(String eventType, String detail) {
        super("SenderValidationError", eventType, detail);
    }
}
