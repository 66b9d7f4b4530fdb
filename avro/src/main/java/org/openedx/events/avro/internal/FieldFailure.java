package org.openedx.events.avro.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A failure inside the codec, collecting the field path as it travels up through the
 * records, lists and maps that hold the failing value. Nothing is built on the normal path;
 * the path only exists once something has failed. The plan turns it into the public
 * exception at the top.
 */
public final class FieldFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Deque<String> segments = new ArrayDeque<>();

    private FieldFailure(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }

    /** A failure of the value itself, with no path yet. */
    public static FieldFailure of(String reason) {
        return new FieldFailure(reason, null);
    }

    public static FieldFailure of(String reason, Throwable cause) {
        return new FieldFailure(reason, cause);
    }

    /** Wraps any failure thrown while handling a value; a failure already wrapped passes through. */
    public static FieldFailure wrap(Throwable error) {
        if (error instanceof FieldFailure failure) {
            return failure;
        }
        if (error instanceof java.io.EOFException) {
            return new FieldFailure("the data ends before this field (truncated bytes)", error);
        }
        String text = error.getMessage();
        return new FieldFailure(text == null ? error.getClass().getName() : error.getClass().getSimpleName()
                + ": " + text, error);
    }

    /** Adds a record field name in front of the path. */
    public FieldFailure inField(String name) {
        segments.addFirst(name);
        return this;
    }

    /** Adds a list index in front of the path. */
    public FieldFailure atIndex(int index) {
        segments.addFirst("[" + index + "]");
        return this;
    }

    /** Adds a map key in front of the path. */
    public FieldFailure atKey(String key) {
        segments.addFirst("['" + key + "']");
        return this;
    }

    /** The reason, without the path. */
    public String reason() {
        return getMessage();
    }

    /** The path, e.g. {@code enrollment.user.pii.name} or {@code contexts[0].title}. */
    public String path() {
        StringBuilder text = new StringBuilder();
        for (String segment : segments) {
            if (text.length() > 0 && segment.charAt(0) != '[') {
                text.append('.');
            }
            text.append(segment);
        }
        return text.toString();
    }
}
