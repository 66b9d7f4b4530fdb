package org.openedx.events.bus;

/** Where a consumer or producer is in its life, as its health reports it. */
public enum HealthState {
    /** Created, and has not yet reached its backend. */
    STARTING,
    /** Reached its backend, and works. */
    RUNNING,
    /** Lost its backend, or cannot reach it, and tries again. */
    RECONNECTING,
    /** Ended after a stop, or a kill switch. */
    STOPPED,
    /** Ended with an error (the consecutive-errors limit, a fatal backend error): the reason says which. */
    FAILED
}
