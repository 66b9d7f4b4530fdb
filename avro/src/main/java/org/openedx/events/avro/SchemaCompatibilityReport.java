package org.openedx.events.avro;

import java.util.List;
import java.util.Objects;

/**
 * Whether an event's generated schema and a stored schema can each read data written with
 * the other (upstream's schema evolution check, ADR-6/7).
 *
 * @param eventType the event checked
 * @param problems  one line per failed check; empty when both directions work
 */
public record SchemaCompatibilityReport(String eventType, List<String> problems) {

    public SchemaCompatibilityReport {
        Objects.requireNonNull(eventType, "eventType");
        problems = List.copyOf(problems);
    }

    /** True when the current schema reads stored data and the stored schema reads current data. */
    public boolean compatible() {
        return problems.isEmpty();
    }
}
