package org.openedx.events.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.openedx.events.EventsLibrary;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.settings.SettingsCheck;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level command; each subcommand is one class. */
@Command(name = "openedx-events", mixinStandardHelpOptions = true, versionProvider = OpenEdxEventsCommand.Version.class,
        description = "Open edX events and event bus for the JVM.",
        footer = {"", "Examples:",
            "  openedx-events demo                          (events through the embedded bus, no server needed)",
            "  openedx-events --settings bus.yml consume -t user-login -g my-service",
            "  source <(openedx-events generate-completion)  (completion in bash and zsh)",
            "", "Environment: EVENT_BUS_PRODUCER and EVENT_BUS_CONSUMER choose the backend (embedded, redis, kafka; "
                    + "both unset: embedded); EVENT_BUS_SETTINGS_FILE; see 'openedx-events settings'."})
public final class OpenEdxEventsCommand implements Runnable {

    private static final String SETTINGS = "--settings";

    /**
     * The subcommands, in the order {@code --help} lists them. They are not in the annotation:
     * picocli would build every one (reading its annotations through reflection, a good part of
     * a short command's start-up) before running the one asked for. See {@link #commandLine(String...)}.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(EventsCommand.class, SettingsCommand.class,
            ProduceCommand.class, ConsumeCommand.class, TopicsCommand.class, GroupsCommand.class,
            DeadLettersCommand.class, ReplayCommand.class, DemoCommand.class, SchemaCommand.class, AvroCommand.class,
            OutboxCommand.class, SpoolCommand.class, AutoComplete.GenerateCompletion.class);

    @Option(names = SETTINGS, paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "A YAML or JSON settings file (instead of EVENT_BUS_SETTINGS_FILE); for the commands that "
                    + "read settings: settings, produce, consume, demo, topics, groups, dead-letters, replay, outbox, spool.")
    Path settingsFile;

    @Option(names = {"-v", LogOptions.VERBOSE}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log this product's details at DEBUG, with the stack trace of each failure.")
    boolean verbose;

    @Option(names = LogOptions.LOG_LEVEL, paramLabel = "LEVEL", scope = CommandLine.ScopeType.INHERIT,
            description = "The level of every logger, libraries' included: ${COMPLETION-CANDIDATES} "
                    + "(default: INFO; Kafka's client and per-event lines: WARN). Logs go to stderr.")
    LogOptions.Level logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Said once per process, whichever command asks for the settings first. */
    private boolean settingsChecked;
    private boolean storeShown;

    /** A command that reads the settings; the others reject {@code --settings}. */
    interface ReadsSettings {
        /** Whether it reads them with the options given. */
        default boolean readsSettings() {
            return true;
        }
    }

    /** The command line with every subcommand, one-line error reporting and non-zero exit codes. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command line for these arguments, with only the subcommands they need: the one they
     * name when they start with it (after the options of this command), none for a bare
     * {@code --version}, else all of them (usage, {@code --help}, an unknown command, the completion
     * script, which covers them all), so that what is printed is the same as with all of them.
     */
    public static CommandLine commandLine(String... args) {
        return commandLine(needed(args));
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new OpenEdxEventsCommand());
        for (Class<?> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
        // Set once the subcommands are in: picocli gives a setting to the subcommands it has at the time.
        // @FILE is an option's value read from a file (as curl has it), not picocli's argument file.
        commandLine.setExpandAtFiles(false);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine completion = commandLine.getSubcommands().get("generate-completion");
        if (completion != null) {
            completion.getCommandSpec().usageMessage().footer("", "Example:", "  openedx-events generate-completion "
                    + "> ~/.openedx-events-completion.sh   (then source it from ~/.bashrc or ~/.zshrc)", "",
                    "Environment: none; the script completes commands and options.");
        }
        commandLine.setExecutionStrategy(parseResult -> {
            LogOptions.apply(parseResult);
            rejectUnreadSettings(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler(OpenEdxEventsCommand::reportError);
        commandLine.setParameterExceptionHandler(OpenEdxEventsCommand::reportUsage);
        return commandLine;
    }

    static List<Class<?>> needed(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(SETTINGS) || args[i].equals(LogOptions.LOG_LEVEL)) {
                i++;
            } else if (!args[i].startsWith(SETTINGS + "=") && !args[i].startsWith(LogOptions.LOG_LEVEL + "=")
                    && !args[i].equals("-v") && !args[i].equals(LogOptions.VERBOSE)) {
                for (Class<?> subcommand : SUBCOMMANDS) {
                    if (subcommand != AutoComplete.GenerateCompletion.class
                            && subcommand.getAnnotation(Command.class).name().equals(args[i])) {
                        return List.of(subcommand);
                    }
                }
                return SUBCOMMANDS;
            }
        }
        return SUBCOMMANDS;
    }

    /**
     * The settings from the environment and the {@code --settings} file; names in the file that no
     * module declares get a warning with the closest declared name.
     */
    Settings settings() {
        Settings settings = Settings.builder().file(settingsFile).build();
        if (!settingsChecked) {
            settingsChecked = true;
            List<Setting<?>> known = new ArrayList<>();
            ServiceLoader.load(SettingDefinitions.class).forEach(definitions -> known.addAll(definitions.settings()));
            PrintWriter err = spec.commandLine().getErr();
            for (SettingsCheck.UnknownName unknown : SettingsCheck.unknownFileNames(settings, known)) {
                err.println("openedx-events: warning: " + unknown.describe() + " in "
                        + settings.file().map(Path::toString).orElse("the settings file"));
            }
            err.flush();
        }
        return settings;
    }

    /**
     * The settings for commands that produce or consume: when neither {@code EVENT_BUS_PRODUCER}
     * nor {@code EVENT_BUS_CONSUMER} is set, both are the embedded bus, so that the command line
     * works on a laptop with no server.
     */
    Settings busSettings() {
        Settings settings = settings();
        if (settings.raw(EventBusSettings.EVENT_BUS_PRODUCER.name()).isEmpty()
                && settings.raw(EventBusSettings.EVENT_BUS_CONSUMER.name()).isEmpty()) {
            settings = settings.toBuilder().put(EventBusSettings.EVENT_BUS_PRODUCER.name(), EMBEDDED)
                    .put(EventBusSettings.EVENT_BUS_CONSUMER.name(), EMBEDDED).build();
        }
        showEmbeddedStore(settings);
        return settings;
    }

    private static final String EMBEDDED = "embedded";

    /**
     * Names the embedded bus's file once: two processes meet only when they name the same file,
     * and a relative default would hide that they do not.
     */
    private void showEmbeddedStore(Settings settings) {
        boolean embedded = Stream.of(EventBusSettings.producerName(settings), EventBusSettings.consumerName(settings))
                .flatMap(Optional::stream).map(EventBusBackends::find).flatMap(Optional::stream)
                .anyMatch(backend -> backend.name().equals(EMBEDDED));
        if (embedded && !storeShown) {
            storeShown = true;
            PrintWriter err = spec.commandLine().getErr();
            err.println("openedx-events: embedded bus " + EmbeddedSettings.from(settings).path().toAbsolutePath()
                    + " (EVENT_BUS_EMBEDDED_PATH)");
            err.flush();
        }
    }

    /** {@code --settings} given to a command that reads no settings is a mistake worth naming. */
    private static void rejectUnreadSettings(CommandLine.ParseResult parseResult) {
        boolean given = false;
        CommandLine.ParseResult leaf = parseResult;
        for (CommandLine.ParseResult command = parseResult; command != null; command = command.subcommand()) {
            given |= command.hasMatchedOption(SETTINGS);
            leaf = command;
        }
        Object command = leaf.commandSpec().userObject();
        if (given && !(command instanceof ReadsSettings reads && reads.readsSettings())
                && !(command instanceof OpenEdxEventsCommand)
                && !leaf.isUsageHelpRequested() && !leaf.isVersionHelpRequested()) {
            throw new CommandLine.ParameterException(leaf.commandSpec().commandLine(), "'"
                    + leaf.commandSpec().qualifiedName() + "' reads no settings, so --settings has no effect on it; "
                    + "it applies to settings, produce, consume, demo, topics, groups, dead-letters, replay, outbox, spool and schema --asyncapi");
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int reportError(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("openedx-events: error: " + Secrets.maskUrlPasswords(oneLine(e)));
        if (LogOptions.verbose(parseResult)) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(Secrets.maskUrlPasswords(trace.toString()));
        }
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
            return new String[] {"openedx-events " + EventsLibrary.version() + " (Open edX events "
                    + EventsLibrary.UPSTREAM_VERSION + ", Java " + Runtime.version() + ")"};
        }
    }
}
