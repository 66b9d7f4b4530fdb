package org.openedx.events;

/**
 * Handles the events of the signals it is connected to. Runs synchronously in the sending
 * thread, in connection order. A receiver that handles an event from the bus
 * ({@link ReceivedEvent#fromEventBus()}) must not send it back to the bus; the built-in
 * producer bridge already declines to.
 */
@FunctionalInterface
public interface EventReceiver {

    void receive(ReceivedEvent event) throws Exception;
}
