package org.openedx.events;

import org.openedx.events.internal.LibraryVersion;

/** This library's version, and the upstream version whose events and wire format it follows. */
public final class EventsLibrary {

    /** The openedx-events release whose 75 events, schemas and bytes this library matches. */
    public static final String UPSTREAM_VERSION = "11.2.0";

    private EventsLibrary() {
    }

    /** This library's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return LibraryVersion.text();
    }
}
