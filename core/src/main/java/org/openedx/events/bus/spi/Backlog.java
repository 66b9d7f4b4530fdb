package org.openedx.events.bus.spi;

/**
 * What a transport holds for the backend after confirming it to the producer (a spool's events
 * not yet forwarded), and why the backend does not take them, when it does not.
 *
 * @param events  how many events wait
 * @param problem the backend's last failure to take them, while it lasts; else null
 */
public record Backlog(long events, String problem) {

    /** Nothing held: the transport confirms only what the backend has. */
    public static final Backlog NONE = new Backlog(0, null);

    public Backlog {
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative: " + events);
        }
    }
}
