package org.openedx.events.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code -v/--verbose} and {@code --log-level}, applied to the SLF4J simple logger before the
 * command runs: it reads its levels from system properties once, at its first logger, and no
 * command logs before it is called.
 */
final class LogOptions {

    static final String VERBOSE = "--verbose";
    static final String LOG_LEVEL = "--log-level";

    private static final String PREFIX = "org.slf4j.simpleLogger.";
    /** The loggers {@code simplelogger.properties} quiets; an explicit level applies to them too. */
    private static final String[] QUIETED = {"org.openedx.events.OpenEdxPublicSignal", "org.apache.kafka"};
    /** Lettuce's command log, which at TRACE carries every argument, a password included: never below DEBUG. */
    private static final String LETTUCE_COMMANDS = "io.lettuce.core.protocol";

    /** The levels of the simple logger. */
    enum Level {
        TRACE, DEBUG, INFO, WARN, ERROR, OFF
    }

    private LogOptions() {
    }

    /** Whether {@code -v} was given anywhere on the command line. */
    static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult command = parseResult; command != null; command = command.subcommand()) {
            if (command.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets the levels: {@code --log-level} for every logger, then {@code -v} for this product's
     * (DEBUG, which carries the stack trace of each failed event).
     */
    static void apply(CommandLine.ParseResult parseResult) {
        Level level = null;
        for (CommandLine.ParseResult command = parseResult; command != null; command = command.subcommand()) {
            if (command.hasMatchedOption(LOG_LEVEL)) {
                level = command.matchedOptionValue(LOG_LEVEL, Level.INFO);
            }
        }
        if (level != null) {
            String name = level.name().toLowerCase(Locale.ROOT);
            System.setProperty(PREFIX + "defaultLogLevel", name);
            for (String quieted : QUIETED) {
                System.setProperty(PREFIX + "log." + quieted, name);
            }
            Level commands = level.compareTo(Level.DEBUG) < 0 ? Level.DEBUG : level;
            System.setProperty(PREFIX + "log." + LETTUCE_COMMANDS, commands.name().toLowerCase(Locale.ROOT));
        }
        if (verbose(parseResult) && (level == null || level.compareTo(Level.DEBUG) > 0)) {
            System.setProperty(PREFIX + "log.org.openedx.events", "debug");
        }
    }
}
