package org.openedx.events.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) into a flag while a command works through a list, so that it can stop
 * between two items and say how far it got, instead of the JVM halting part-way.
 */
final class Interruption implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;
    private volatile boolean happened;

    private Interruption() {
        this.previous = Signal.handle(INT, signal -> happened = true);
    }

    static Interruption watch() {
        return new Interruption();
    }

    boolean happened() {
        return happened;
    }

    /** Puts the previous handler back. */
    @Override
    public void close() {
        Signal.handle(INT, previous);
    }
}
