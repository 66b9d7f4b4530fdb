package org.openedx.events.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.Locale;
import java.util.Set;

/** What Redis's and Lettuce's failures mean, and their causes as one line. */
final class RedisErrors {

    /**
     * Error replies that mean "not ready now", not "refused": the server is loading its data
     * ({@code LOADING}), runs a long script ({@code BUSY}), is a replica that lost its master
     * ({@code MASTERDOWN}) or a read-only replica ({@code READONLY}, during a failover), or a
     * cluster slot is moving ({@code TRYAGAIN}).
     */
    private static final Set<String> NOT_READY = Set.of("LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "READONLY");

    private RedisErrors() {
    }

    /** Whether an error reply means that the server is not ready to write yet. */
    static boolean notReady(String error) {
        return error != null && NOT_READY.contains(firstWord(error));
    }

    private static String firstWord(String error) {
        int space = error.indexOf(' ');
        return space < 0 ? error : error.substring(0, space);
    }

    /**
     * The error reply by which the server refused the credentials as the connection was made
     * ({@code WRONGPASS}, {@code NOAUTH}, or an older server's {@code ERR invalid password}),
     * or null when the failure is of another kind. Trying again does not help.
     */
    static String authenticationFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisCommandExecutionException && cause.getMessage() != null) {
                String message = cause.getMessage();
                String upper = message.toUpperCase(Locale.ROOT);
                if (upper.startsWith("WRONGPASS") || upper.startsWith("NOAUTH")
                        || upper.contains("INVALID PASSWORD") || upper.contains("INVALID USERNAME-PASSWORD")
                        || upper.startsWith("ERR AUTH") || upper.contains("NO PASSWORD IS SET")) {
                    return message;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * The failure and its causes as one line, each message once: {@code Connection refused:
     * /127.0.0.1:6379}, {@code WRONGPASS invalid username-password pair ...}, the TLS
     * handshake's certificate or host-name error. Lettuce's own "Unable to connect to ..." is
     * left out when a cause says why.
     */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable cause = failure;
        if (cause instanceof io.lettuce.core.RedisConnectionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        for (int depth = 0; cause != null && depth < 10; cause = cause.getCause(), depth++) {
            String message = cause.getMessage();
            if (message == null || message.isBlank()) {
                if (text.isEmpty()) {
                    text.append(cause.getClass().getSimpleName());
                }
                continue;
            }
            message = message.strip();
            if (text.indexOf(message) >= 0) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(": ");
            }
            text.append(message);
        }
        return text.isEmpty() ? String.valueOf(failure) : text.toString();
    }
}
