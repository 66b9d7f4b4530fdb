package org.openedx.events.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.StoredMessage;
import org.openedx.events.ops.BusOperations;
import org.openedx.events.ops.DeadLetterSelection;
import picocli.CommandLine;

/** What the operating commands share: the operations of the configured bus, dead letters as JSON, options. */
final class OpsSupport {

    /** The footer line of the operating commands on the environment they read. */
    static final String ENVIRONMENT = "Environment: EVENT_BUS_CONSUMER (else EVENT_BUS_PRODUCER; both unset: embedded), "
            + "EVENT_BUS_TOPIC_PREFIX, EVENT_BUS_SETTINGS_FILE; see 'openedx-events settings'.";

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

    private OpsSupport() {
    }

    /** Operations on the bus the settings choose (the embedded bus when none is set). */
    static BusOperations operations(OpenEdxEventsCommand parent) {
        return BusOperations.open(parent.busSettings(), Clock.systemUTC());
    }

    /** Pretty JSON on one's output. */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(CliSupport.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    /**
     * Rows as a JSON array of their fields, or as a table of some of them ({@code columns}: header
     * to field) in {@code format} (one {@code %s} each): booleans as yes/no, seconds (the one kind
     * of fraction shown) as {@code 1.5 s}, null as {@code -}.
     */
    static void printRows(PrintWriter out, boolean json, List<Map<String, Object>> rows, String format,
                          Map<String, String> columns) {
        if (json) {
            printJson(out, rows);
            return;
        }
        out.printf(format, columns.keySet().toArray());
        for (Map<String, Object> row : rows) {
            out.printf(format, columns.values().stream().map(field -> cell(row.get(field))).toArray());
        }
        out.flush();
    }

    private static Object cell(Object value) {
        if (value instanceof Boolean yes) {
            return yes ? "yes" : "no";
        }
        if (value instanceof Double seconds) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return value == null ? "-" : value;
    }

    /** A table's columns, in order: header, field, header, field... */
    static Map<String, String> columns(String... headersAndFields) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < headersAndFields.length; i += 2) {
            columns.put(headersAndFields[i], headersAndFields[i + 1]);
        }
        return columns;
    }

    /** The width of a table's topic column: its longest topic. */
    static int topicWidth(List<String> topics) {
        return Math.max(5, topics.stream().mapToInt(String::length).max().orElse(5));
    }

    /**
     * A dead letter's stable JSON keys: {@code position}, {@code event_type}, {@code event_id},
     * {@code original_topic}, {@code original_position}, {@code group}, {@code consumer},
     * {@code attempts}, {@code error} ({@code type}, {@code message}), {@code time}; null where the
     * message does not say.
     */
    static Map<String, Object> letter(StoredMessage message) {
        DeadLetter letter = message.deadLetter();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("position", message.position());
        json.put("event_type", message.eventType());
        json.put("event_id", message.eventId());
        json.put("original_topic", letter == null ? null : letter.originalTopic());
        json.put("original_position", letter == null ? null : letter.originalPosition());
        json.put("group", letter == null ? null : letter.group());
        json.put("consumer", letter == null ? null : letter.consumerName());
        json.put("attempts", letter == null ? null : letter.attempts());
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", letter == null ? null : letter.errorType());
        error.put("message", letter == null ? null : letter.error());
        json.put("error", error);
        json.put("time", (letter == null ? message.time() : letter.time()).toString());
        return json;
    }

    /** The dead letters an operation takes: exactly one of {@code --all}, {@code --event-id}, {@code --older-than}. */
    static DeadLetterSelection selection(CommandLine commandLine, boolean all, List<String> eventIds,
                                         String olderThan) {
        int given = (all ? 1 : 0) + (eventIds.isEmpty() ? 0 : 1) + (olderThan == null ? 0 : 1);
        if (given != 1) {
            throw new CommandLine.ParameterException(commandLine, "Give exactly one of --all, --event-id"
                    + (commandLine.getCommandSpec().findOption("--older-than") == null ? "" : ", --older-than"));
        }
        if (all) {
            return new DeadLetterSelection.All();
        }
        return olderThan == null ? new DeadLetterSelection.EventIds(Set.copyOf(eventIds))
                : new DeadLetterSelection.OlderThan(duration(commandLine, olderThan, "--older-than"));
    }

    /** {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d}, or ISO-8601 ({@code PT1H}). */
    static Duration duration(CommandLine commandLine, String text, String option) {
        Matcher match = SHORT_DURATION.matcher(text.trim());
        if (match.matches()) {
            long amount = Long.parseLong(match.group(1));
            return switch (match.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(commandLine, option + " must be a duration such as 30s, 15m, "
                    + "12h, 7d or PT1H, found " + CliSupport.quote(text));
        }
    }
}
