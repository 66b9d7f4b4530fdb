package org.openedx.events.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.openedx.events.internal.LibraryVersion;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level command; each subcommand is one class. */
@Command(name = "openedx-events", mixinStandardHelpOptions = true, versionProvider = OpenEdxEventsCommand.Version.class,
        description = "Open edX events and event bus for the JVM.",
        subcommands = {EventsCommand.class, SettingsCommand.class, ProduceCommand.class, ConsumeCommand.class,
            DemoCommand.class, SchemaCommand.class, AvroCommand.class})
public final class OpenEdxEventsCommand implements Runnable {

    @Option(names = "--settings", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "A YAML or JSON settings file (instead of EVENT_BUS_SETTINGS_FILE).")
    Path settingsFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line with one-line error reporting and non-zero exit codes. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OpenEdxEventsCommand());
        commandLine.setExecutionExceptionHandler(OpenEdxEventsCommand::reportError);
        commandLine.setParameterExceptionHandler(OpenEdxEventsCommand::reportUsage);
        return commandLine;
    }

    /** The settings from the environment and the {@code --settings} file. */
    Settings settings() {
        return Settings.builder().file(settingsFile).build();
    }

    /**
     * The settings for commands that produce or consume: when neither {@code EVENT_BUS_PRODUCER}
     * nor {@code EVENT_BUS_CONSUMER} is set, both are the embedded bus, so that the command line
     * works on a laptop with no server.
     */
    Settings busSettings() {
        Settings settings = settings();
        if (settings.raw(EventBusSettings.EVENT_BUS_PRODUCER.name()).isPresent()
                || settings.raw(EventBusSettings.EVENT_BUS_CONSUMER.name()).isPresent()) {
            return settings;
        }
        return settings.toBuilder().put(EventBusSettings.EVENT_BUS_PRODUCER.name(), "embedded")
                .put(EventBusSettings.EVENT_BUS_CONSUMER.name(), "embedded").build();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int reportError(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("openedx-events: error: " + Secrets.maskUrlPasswords(oneLine(e)));
        err.flush();
        return 1;
    }

    private static int reportUsage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("openedx-events: " + e.getMessage() + " (see --help)");
        err.flush();
        return 2;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }

    /** The library version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"openedx-events " + LibraryVersion.text()};
        }
    }
}
