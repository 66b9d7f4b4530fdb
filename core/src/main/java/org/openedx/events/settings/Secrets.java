package org.openedx.events.settings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets before a value reaches a log line, an error message or the settings listing. */
public final class Secrets {

    public static final String MASK = "****";

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");
    /** What may follow the last {@code @} of a URL's user information: a host (name, IPv4, [IPv6]) and port. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._~%\\-]*(\\[[0-9A-Fa-f:.%]*])?(:\\d*)?"
            + "(?=[/?#\\s]|$)");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("([?&;]password=)[^&#\\s]*");

    private Secrets() {
    }

    /**
     * Replaces the password of every {@code scheme://user:password@host...} in the text, and
     * the value of every {@code password=} query parameter, found by reading each URL rather
     * than by a pattern of allowed characters: the user information runs from {@code ://} to
     * the last {@code @} that is followed by a host, so a password with {@code @}, {@code /}
     * or a space is masked whole.
     */
    public static String maskUrlPasswords(String text) {
        if (text == null) {
            return null;
        }
        Matcher scheme = SCHEME.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int searchFrom = 0;
        while (scheme.find(searchFrom)) {
            int start = scheme.end();
            int end = scheme.find(start) ? scheme.start() : text.length();
            int lineEnd = text.indexOf('\n', start);
            if (lineEnd >= 0 && lineEnd < end) {
                end = lineEnd;
            }
            out.append(text, copied, start).append(maskOne(text.substring(start, end)));
            copied = end;
            searchFrom = end;
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** One URL's text after {@code scheme://}, up to the next URL or the end of the line. */
    private static String maskOne(String rest) {
        String masked = rest;
        for (int at = rest.lastIndexOf('@'); at >= 0; at = at == 0 ? -1 : rest.lastIndexOf('@', at - 1)) {
            if (HOST.matcher(rest).region(at + 1, rest.length()).lookingAt()) {
                String userInfo = rest.substring(0, at);
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    masked = userInfo.substring(0, colon) + ":" + MASK + rest.substring(at);
                }
                break;
            }
        }
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }
}
