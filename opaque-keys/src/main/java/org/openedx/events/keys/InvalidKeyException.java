package org.openedx.events.keys;

/**
 * A text that is not a valid key of the requested type (upstream {@code InvalidKeyError}). The
 * message names the key type and the offending text, e.g. {@code Invalid CourseKey: 'foo'}.
 */
public final class InvalidKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String keyType;
    private final String text;

    public InvalidKeyException(String keyType, String text) {
        this(keyType, text, null);
    }

    public InvalidKeyException(String keyType, String text, Throwable cause) {
        super("Invalid " + keyType + ": " + (text == null ? "null" : "'" + text + "'"), cause);
        this.keyType = keyType;
        this.text = text;
    }

    /** The simple name of the key type that was requested, e.g. {@code CourseKey}. */
    public String keyType() {
        return keyType;
    }

    /** The text that failed to parse; {@code null} when none was given. */
    public String text() {
        return text;
    }
}
