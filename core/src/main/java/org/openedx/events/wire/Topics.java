package org.openedx.events.wire;

/** Topic names on the bus: every backend prefixes the same way (upstream {@code get_full_topic}). */
public final class Topics {

    private Topics() {
    }

    /** {@code <prefix>-<topic>} when the prefix is set and not empty, else the topic. */
    public static String fullName(String prefix, String topic) {
        return prefix == null || prefix.isBlank() ? topic : prefix + "-" + topic;
    }
}
