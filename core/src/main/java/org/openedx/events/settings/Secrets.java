package org.openedx.events.settings;

import java.util.regex.Pattern;

/** Masks secrets before a value reaches a log line, an error message or the settings listing. */
public final class Secrets {

    public static final String MASK = "****";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://)([^:/@\\s]*):([^@/\\s]+)@");

    private Secrets() {
    }

    /** Replaces the password of every {@code scheme://user:password@host} in the text. */
    public static String maskUrlPasswords(String text) {
        return text == null ? null : URL_PASSWORD.matcher(text).replaceAll("$1:" + MASK + "@");
    }
}
