package org.openedx.events.cli;

import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a clean stop: the consumer finishes the event in hand and
 * commits, and the command returns normally (exit status 0) instead of the JVM halting with
 * 130/143 part-way through an event.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void onStop(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> stop.run());
        }
    }
}
