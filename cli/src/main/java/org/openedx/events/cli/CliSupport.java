package org.openedx.events.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import org.openedx.events.UnknownEventTypeException;
import org.openedx.events.avro.AvroEventSerializer;
import org.openedx.events.bus.spi.DeadLetter;

/** What several commands share: finding signals, reading JSON, and events as JSON. */
final class CliSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private CliSupport() {
    }

    /** A signal by event type or by upstream constant name (e.g. {@code SESSION_LOGIN_COMPLETED}). */
    static OpenEdxPublicSignal signal(String name) {
        return SignalRegistry.find(name).or(() -> SignalRegistry.all().stream()
                .filter(s -> s.constantName().filter(name::equals).isPresent()).findFirst())
                .orElseThrow(() -> new UnknownEventTypeException(name));
    }

    /** The longest piece of a bad value an error message quotes. */
    static final int QUOTED = 200;

    /** A JSON object; {@code what} names it in the error, which quotes at most {@value #QUOTED} characters of it. */
    static Map<String, Object> jsonObject(String text, String what) {
        Object value;
        try {
            value = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON (" + quote(text) + "): "
                    + e.getOriginalMessage());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be a JSON object, found " + quote(text));
        }
        Map<String, Object> object = new LinkedHashMap<>();
        map.forEach((k, v) -> object.put(String.valueOf(k), v));
        return object;
    }

    /** Text for an error message: at most {@value #QUOTED} characters of it, on one line. */
    static String quote(String text) {
        String line = text.replace('\n', ' ').strip();
        return "'" + (line.length() > QUOTED ? line.substring(0, QUOTED) + "...' (" + line.length() + " characters)"
                : line + "'");
    }

    /**
     * An option's value as curl reads it: {@code @FILE} is the file's content, {@code -} is
     * stdin, anything else is the value itself.
     */
    static String read(String value, String option) {
        if (value.equals("-")) {
            try {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + option + " from stdin: " + e.getMessage(), e);
            }
        }
        if (value.startsWith("@")) {
            return readFile(Path.of(value.substring(1)));
        }
        return value;
    }

    /** A file's text; an error says what failed and why. */
    static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(cannotRead(file, e), e);
        }
    }

    /** A reader of a file, or of stdin for {@code -}. */
    static BufferedReader reader(String file, String option) {
        if (file.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(option + ": " + cannotRead(Path.of(file), e), e);
        }
    }

    /** What failed and why: {@code cannot read /x/nope.avsc: no such file}. */
    static String cannotRead(Path file, IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (Files.isDirectory(file)) {
            why = "it is a folder";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return "cannot read " + file.toAbsolutePath() + ": " + why;
    }

    /** Typed event data from JSON-like data, checked against the event's schema. */
    static EventData typedData(OpenEdxPublicSignal signal, Map<String, Object> data) {
        AvroEventSerializer serializer = AvroEventSerializer.defaults();
        return serializer.deserialize(signal, serializer.serializeGeneric(signal, data));
    }

    /** The JSON line {@code consume} prints and {@code produce --file} reads. */
    static String eventLine(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data) {
        return eventLine(signal, metadata, data, null);
    }

    /**
     * The JSON line of an event, and of a dead letter's event with its attributes under
     * {@code dead_letter} (their names on the wire: {@code error_type}, {@code error},
     * {@code attempts}, {@code original_topic}, ...), which {@code produce --file} ignores.
     */
    static String eventLine(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data, DeadLetter letter) {
        AvroEventSerializer serializer = AvroEventSerializer.defaults();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event_type", signal.eventType());
        line.put("metadata", metadata.toJsonMap());
        line.put("data", serializer.deserializeGeneric(signal, serializer.serialize(signal, data)));
        if (letter != null) {
            line.put("dead_letter", letter.attributes());
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event " + metadata.id() + " as JSON", e);
        }
    }

    /** Metadata for a produced event: the given fields, the rest defaulted; the type must match. */
    static EventsMetadata metadata(OpenEdxPublicSignal signal, Map<String, Object> fields) {
        Map<String, Object> values = new LinkedHashMap<>(fields == null ? Map.of() : fields);
        Object type = values.putIfAbsent("event_type", signal.eventType());
        if (type != null && !type.equals(signal.eventType())) {
            throw new IllegalArgumentException("Metadata event_type '" + type + "' does not match the signal "
                    + signal.eventType());
        }
        values.putIfAbsent("minorversion", signal.minorVersion());
        return EventsMetadata.fromJsonMap(values);
    }
}
