package org.openedx.events.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the command line in-process and keeps its exit status and output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // As Main builds it: with only the subcommands the arguments need.
        CommandLine commandLine = OpenEdxEventsCommand.commandLine(args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Runs {@code --settings FILE} then the arguments. */
    static CliRun withSettings(Path settings, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--settings";
        all[1] = settings.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return of(all);
    }
}
