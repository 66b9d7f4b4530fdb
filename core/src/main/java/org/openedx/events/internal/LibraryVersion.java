package org.openedx.events.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * This library's version as the {@code sourcelib} integers. Python consumers split
 * {@code sourcelib} on dots and convert each part to int, so a suffix such as
 * {@code -SNAPSHOT} is cut off rather than sent.
 */
public final class LibraryVersion {

    private static final List<Integer> SOURCELIB = parse(readVersion());

    private LibraryVersion() {
    }

    /** The dotted-integer parts of the library version, e.g. {@code [0, 1, 0]}. */
    public static List<Integer> sourcelib() {
        return SOURCELIB;
    }

    /** The full version text, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String text() {
        return readVersion();
    }

    static List<Integer> parse(String version) {
        List<Integer> parts = new ArrayList<>();
        for (String part : version.split("\\.")) {
            int end = 0;
            while (end < part.length() && Character.isDigit(part.charAt(end))) {
                end++;
            }
            if (end == 0) {
                break;
            }
            parts.add(Integer.parseInt(part.substring(0, end)));
            if (end < part.length()) {
                break;
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalStateException("Library version '" + version + "' has no leading number");
        }
        return List.copyOf(parts);
    }

    private static String readVersion() {
        try (InputStream in = LibraryVersion.class.getResourceAsStream("/org/openedx/events/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the core jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version").trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
