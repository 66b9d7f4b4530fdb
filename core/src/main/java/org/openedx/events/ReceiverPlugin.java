package org.openedx.events;

/**
 * A set of receivers packaged in a jar, found with {@link java.util.ServiceLoader} by tools
 * that run consumers (e.g. {@code openedx-events consume --receivers PATH}), so that a team can
 * run its own handlers without writing a main class. List the implementation in
 * {@code META-INF/services/org.openedx.events.ReceiverPlugin}.
 */
public interface ReceiverPlugin {

    /** Connects this plugin's receivers, e.g. with {@code signal.connect(...)} or {@link Receivers#connect(Object)}. */
    void connect();
}
