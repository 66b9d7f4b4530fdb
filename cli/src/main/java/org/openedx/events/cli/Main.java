package org.openedx.events.cli;

import picocli.CommandLine;

/** Entry point of the {@code openedx-events} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status: 0 on success, non-zero on any error. */
    public static int run(String... args) {
        return OpenEdxEventsCommand.commandLine(args).execute(args);
    }
}
