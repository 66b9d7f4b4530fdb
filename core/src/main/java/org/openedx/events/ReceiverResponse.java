package org.openedx.events;

/**
 * One receiver's outcome of a send: what it returned, or the exception it threw (robust
 * sends only; a plain send propagates the exception instead).
 *
 * @param receiver the receiver's name, {@code ClassName.method} where it can be told
 * @param value    what the receiver returned; {@code null} for {@link EventReceiver}s
 * @param error    the exception the receiver threw, or {@code null}
 */
public record ReceiverResponse(String receiver, Object value, Throwable error) {

    public boolean failed() {
        return error != null;
    }

    @Override
    public String toString() {
        return "(" + receiver + ", " + (error != null ? error : value) + ")";
    }
}
