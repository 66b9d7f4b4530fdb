package org.openedx.events.avro;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;

/** The spec's golden {@code catalog.json} and the upstream {@code .avsc} snapshots. */
final class Golden {

    static final Path CATALOG = Path.of("../spec/golden/catalog.json");
    static final Path UPSTREAM_AVSC = Path.of("../spec/golden/upstream-avsc");

    private static final Map<String, Object> ROOT = read();

    private Golden() {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read() {
        try {
            return new ObjectMapper().readValue(CATALOG.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalog's signal entries, in catalog order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> signals() {
        return (List<Map<String, Object>>) ROOT.get("signals");
    }

    static Map<String, Object> signal(String eventType) {
        return signals().stream().filter(s -> s.get("event_type").equals(eventType)).findFirst()
                .orElseThrow(() -> new AssertionError("no golden entry for " + eventType));
    }

    /** The real (catalog) signals, without the fixtures' test signals. */
    static List<OpenEdxPublicSignal> catalogSignals() {
        return SignalRegistry.all().stream().filter(s -> !s.eventType().startsWith("org.openedx.test.")).toList();
    }

    static List<OpenEdxPublicSignal> serializableSignals() {
        return catalogSignals().stream().filter(OpenEdxPublicSignal::serializable).toList();
    }

    /** The stored upstream schema of an event: {@code <event type with '.' as '+'>_schema.avsc}. */
    static String upstreamAvsc(String eventType) {
        try {
            return Files.readString(UPSTREAM_AVSC.resolve(eventType.replace('.', '+') + "_schema.avsc"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
