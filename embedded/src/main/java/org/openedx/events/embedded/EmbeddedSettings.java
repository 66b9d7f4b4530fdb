package org.openedx.events.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.Topics;

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
 * @param consecutiveErrorsLimit  errors in a row that end a consumer; {@code null} for none
 * @param topicPrefix             {@code EVENT_BUS_TOPIC_PREFIX}
 */
public record EmbeddedSettings(Path path, Integer maxMessages, Duration maxAge, boolean trimUnconsumed,
                               boolean fullSync, Duration pollInterval, Integer consecutiveErrorsLimit,
                               String topicPrefix) {

    public static final Setting<String> EVENT_BUS_EMBEDDED_PATH = Setting.string("EVENT_BUS_EMBEDDED_PATH",
            ".openedx-events/bus.db", "The SQLite file of the embedded bus, shared by every process that names it.");
    public static final Setting<Integer> EVENT_BUS_EMBEDDED_MAX_MESSAGES = Setting.integer(
            "EVENT_BUS_EMBEDDED_MAX_MESSAGES", 100_000, "Messages kept per topic (0: no limit).");
    public static final Setting<Integer> EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS = Setting.integer(
            "EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS", 7 * 24 * 3600, "Seconds a message is kept (0: no limit).");
    public static final Setting<Boolean> EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED = Setting.bool(
            "EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED", false,
            "Whether retention may remove messages some consumer group has not handled yet.");
    public static final Setting<Boolean> EVENT_BUS_EMBEDDED_FULL_SYNC = Setting.bool("EVENT_BUS_EMBEDDED_FULL_SYNC",
            false, "Flush every send to the disk (survives power loss) instead of to the OS (survives a crash).");
    public static final Setting<Integer> EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS = Setting.integer(
            "EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS", 2, "Milliseconds between looks for new messages when idle.");

    public static final List<Setting<?>> ALL = List.of(EVENT_BUS_EMBEDDED_PATH, EVENT_BUS_EMBEDDED_MAX_MESSAGES,
            EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS, EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED, EVENT_BUS_EMBEDDED_FULL_SYNC,
            EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS);

    /**
     * @throws InvalidSettingException naming a setting with a value that cannot be used
     */
    public static EmbeddedSettings from(Settings settings) {
        String path = settings.get(EVENT_BUS_EMBEDDED_PATH);
        if (path == null || path.isBlank()) {
            throw new InvalidSettingException(EVENT_BUS_EMBEDDED_PATH.name(), "must name a file");
        }
        int maxMessages = nonNegative(settings, EVENT_BUS_EMBEDDED_MAX_MESSAGES);
        int maxAge = nonNegative(settings, EVENT_BUS_EMBEDDED_MAX_AGE_SECONDS);
        int poll = settings.get(EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS);
        if (poll < 1) {
            throw new InvalidSettingException(EVENT_BUS_EMBEDDED_POLL_INTERVAL_MS.name(), "must be at least 1, found " + poll);
        }
        return new EmbeddedSettings(Path.of(path), maxMessages == 0 ? null : maxMessages,
                maxAge == 0 ? null : Duration.ofSeconds(maxAge), settings.get(EVENT_BUS_EMBEDDED_TRIM_UNCONSUMED),
                settings.get(EVENT_BUS_EMBEDDED_FULL_SYNC), Duration.ofMillis(poll),
                settings.get(EventBusSettings.EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT),
                settings.get(EventBusSettings.EVENT_BUS_TOPIC_PREFIX));
    }

    /** The topic as stored: {@code <prefix>-<topic>} when a prefix is set. */
    public String fullTopic(String topic) {
        return Topics.fullName(topicPrefix, topic);
    }

    private static int nonNegative(Settings settings, Setting<Integer> setting) {
        int value = settings.get(setting);
        if (value < 0) {
            throw new InvalidSettingException(setting.name(), "must not be negative, found " + value);
        }
        return value;
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
