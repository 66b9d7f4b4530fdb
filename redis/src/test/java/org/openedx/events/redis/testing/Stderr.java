package org.openedx.events.redis.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a piece of a test logs: the simple logger writes to stderr, which this copies while the piece runs. */
public final class Stderr {

    /** A piece of a test. */
    public interface Body {
        void run() throws Exception;
    }

    private Stderr() {
    }

    /** Runs {@code body} with stderr still shown and copied; returns the copy. */
    public static String capturedWhile(Body body) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                original.write(b);
                captured.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                captured.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
