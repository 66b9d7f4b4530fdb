package org.openedx.events.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.openedx.events.settings.DeliverySettings;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Validator;
import org.openedx.events.settings.Settings;

/**
 * The settings of the embedded bus.
 *
 * @param path                    the SQLite file
 * @param maxMessages             messages kept per topic; {@code null} for no count limit
 * @param maxAge                  how long messages are kept; {@code null} for no age limit
 * @param trimUnconsumed          whether retention may remove messages a group has not handled yet
 * @param fullSync                whether each send is flushed to the disk (power-loss durable)
 *                                rather than to the operating system (process-crash durable)
 * @param pollInterval            how often an idle consumer looks for new messages
 * @param lease                   how long a consumer of a group keeps its turn without renewing it
 * @param fileMode                the permissions of the files the store creates (the database, its
 *                                {@code -wal} and {@code -shm}); the directories it creates get the
 *                                same, plus search where anyone may read or write
 */
public record EmbeddedSettings(Path path, Integer maxMessages, Duration maxAge, boolean trimUnconsumed,
                               boolean fullSync, Duration pollInterval, Duration lease,
                               Set<PosixFilePermission> fileMode) {

    public EmbeddedSettings {
        fileMode = Set.copyOf(fileMode);
    }

    /** The settings with the default file mode ({@code 0600}). */
    public EmbeddedSettings(Path path, Integer maxMessages, Duration maxAge, boolean trimUnconsumed,
                            boolean fullSync, Duration pollInterval, Duration lease) {
        this(path, maxMessages, maxAge, trimUnconsumed, fullSync, pollInterval, lease,
                fileMode(EVENT_BUS_EMBEDDED_FILE_MODE.defaultValue()));
    }

    public static final Setting<String> EVENT_BUS_EMBEDDED_PATH = Setting.string("EVENT_BUS_EMBEDDED_PATH", null,
            "The SQLite file of the embedded bus, shared by every process that names it; unset: "
                    + ".openedx-events/bus.db in the working directory when that file exists, else in the home directory.")
            .validatedBy(Validator.notBlank());

    /** Where the store is when {@code EVENT_BUS_EMBEDDED_PATH} is unset, under the working or home directory. */
    static final Path DEFAULT_RELATIVE_PATH = Path.of(".openedx-events", "bus.db");
    public static final Setting<Integer> EVENT_BUS_EMBEDDED_MAX_MESSAGES = Setting.integer(
            "EVENT_BUS_EMBEDDED_MAX_MESSAGES", 100_000, "Messages kept per topic (0: no limit).")
            .validatedBy(Validator.atLeast(0));
    public static final Setting<Integer> EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS = Setting.integer(
            "EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS", 7 * 24 * 3600, "Seconds a message is kept (0: no limit).")
            .validatedBy(Validator.atLeast(0));
    public static final Setting<Boolean> EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED = Setting.bool(
            "EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED", false,
            "Whether retention may remove messages some consumer group has not handled yet.");
    public static final Setting<Boolean> EVENT_BUS_EMBEDDED_FULL_SYNC = Setting.bool("EVENT_BUS_EMBEDDED_FULL_SYNC",
            false, "Flush every send to the disk (survives power loss) instead of to the OS (survives a crash).");
    public static final Setting<Integer> EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS = Setting.integer(
            "EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS", 2, "Milliseconds between looks for new messages when idle.")
            .validatedBy(Validator.atLeast(1));

    public static final Setting<Duration> EVENT_BUS_EMBEDDED_LEASE_SECONDS = Setting.seconds(
            "EVENT_BUS_EMBEDDED_LEASE_SECONDS", 10.0, "Seconds a consumer keeps its group's turn without renewing it; "
                    + "a consumer that dies hands over after this long.")
            .validatedBy(Validator.atLeast(Duration.ofMillis(100)));

    private static final Pattern OCTAL_MODE = Pattern.compile("0?[0-7]{3}");

    /**
     * The permissions of the store's files, in octal. The store holds learners' names and e-mail
     * addresses, so only the owner may read it unless this says otherwise (e.g. {@code 0660} for a
     * group of service accounts). SQLite gives the {@code -wal} and {@code -shm} files the database's mode.
     */
    public static final Setting<String> EVENT_BUS_EMBEDDED_FILE_MODE = Setting.string("EVENT_BUS_EMBEDDED_FILE_MODE",
            "0600", "Octal permissions of the files the embedded bus creates (its directory gets them plus search); "
                    + "they hold learners' personal data.")
            .validatedBy(value -> !OCTAL_MODE.matcher(value).matches()
                    ? "must be an octal file mode such as 0600 or 0660 (quote it in YAML)"
                    : (Integer.parseInt(value, 8) & 0600) != 0600
                    ? "must let the owner read and write (0600), or the bus cannot use its own file" : null);

    public static final Setting<Boolean> EVENT_BUS_EMBEDDED_AUDIT_LOGGING_ENABLED = Setting.bool(
            "EVENT_BUS_EMBEDDED_AUDIT_LOGGING_ENABLED", false, "Log one INFO line per event sent and two per event "
                    + "received by the embedded bus (a development bus: off by default, unlike the brokers' audit log).");

    public static final Setting<String> EVENT_BUS_SPOOL_PATH = Setting.string("EVENT_BUS_SPOOL_PATH", null,
            "The SQLite file of the producer's spool (EVENT_BUS_PRODUCER_MODE=spool), one per producing service; unset: "
                    + "spool.db beside the embedded bus's file.").validatedBy(Validator.notBlank());

    public static final Setting<Integer> EVENT_BUS_SPOOL_MAX_ATTEMPTS = Setting.integer("EVENT_BUS_SPOOL_MAX_ATTEMPTS",
            10, "Refusals of a spooled event by the backend after which it is parked in the spool and its topic is "
                    + "no longer forwarded (see openedx-events spool); a backend that cannot be reached never parks one.")
            .validatedBy(Validator.atLeast(1));

    /** The embedded bus's names of the delivery settings: its audit log is off unless asked for. */
    public static final DeliverySettings.Overrides DELIVERY = new DeliverySettings.Overrides(null, null, null, null,
            null, EVENT_BUS_EMBEDDED_AUDIT_LOGGING_ENABLED);

    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_EMBEDDED_PATH, EVENT_BUS_EMBEDDED_MAX_MESSAGES,
            EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS, EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED, EVENT_BUS_EMBEDDED_FULL_SYNC,
            EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS, EVENT_BUS_EMBEDDED_LEASE_SECONDS, EVENT_BUS_EMBEDDED_AUDIT_LOGGING_ENABLED,
            EVENT_BUS_EMBEDDED_FILE_MODE, EVENT_BUS_SPOOL_PATH, EVENT_BUS_SPOOL_MAX_ATTEMPTS);

    /**
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting with a value that cannot be used
     */
    public static EmbeddedSettings from(Settings settings) {
        int maxMessages = settings.get(EVENT_BUS_EMBEDDED_MAX_MESSAGES);
        int maxAge = settings.get(EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS);
        String path = settings.get(EVENT_BUS_EMBEDDED_PATH);
        return new EmbeddedSettings(path != null ? Path.of(path) : defaultPath(), maxMessages == 0 ? null : maxMessages,
                maxAge == 0 ? null : Duration.ofSeconds(maxAge), settings.get(EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED),
                settings.get(EVENT_BUS_EMBEDDED_FULL_SYNC),
                Duration.ofMillis(settings.get(EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS)),
                settings.get(EVENT_BUS_EMBEDDED_LEASE_SECONDS), fileMode(settings.get(EVENT_BUS_EMBEDDED_FILE_MODE)));
    }

    /**
     * The settings of the producer's spool: its own file ({@code EVENT_BUS_SPOOL_PATH}, else
     * {@code spool.db} beside the embedded bus's), never trimmed (an event leaves it once the
     * backend has it), with the embedded bus's sync and file mode.
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming a setting with a value that cannot be used
     */
    public static EmbeddedSettings spool(Settings settings) {
        EmbeddedSettings bus = from(settings);
        String path = settings.get(EVENT_BUS_SPOOL_PATH);
        return new EmbeddedSettings(path != null ? Path.of(path) : bus.path().resolveSibling("spool.db"), null, null,
                false, bus.fullSync(), bus.pollInterval(), bus.lease(), bus.fileMode());
    }

    /** The permissions of an octal mode such as {@code 0600} (a valid {@link #EVENT_BUS_EMBEDDED_FILE_MODE}). */
    static Set<PosixFilePermission> fileMode(String octal) {
        int mode = Integer.parseInt(octal, 8);
        StringBuilder text = new StringBuilder(9);
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    /**
     * The store of {@code EVENT_BUS_EMBEDDED_PATH} unset: the working directory's
     * {@code .openedx-events/bus.db} when it exists (a project's own bus), else the user's, so that
     * processes started in different directories meet.
     */
    public static Path defaultPath() {
        Path local = DEFAULT_RELATIVE_PATH.toAbsolutePath();
        return Files.exists(local) ? local : Path.of(System.getProperty("user.home")).resolve(DEFAULT_RELATIVE_PATH);
    }

    /** Lists the embedded bus's settings for tools. */
    public static final class Definitions implements SettingDefinitions {
        @Override
        public String module() {
            return "embedded";
        }

        @Override
        public List<Setting<?>> settings() {
            return ALL;
        }
    }
}
