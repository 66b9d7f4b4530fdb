package org.openedx.events.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The golden {@code catalog.json} of the spec, read once. */
final class GoldenCatalog {

    static final JsonNode ROOT = read();

    private GoldenCatalog() {
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("../spec/golden/catalog.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> signals() {
        List<JsonNode> signals = new ArrayList<>();
        ROOT.get("signals").forEach(signals::add);
        return signals;
    }

    static List<Map.Entry<String, JsonNode>> dataClasses() {
        List<Map.Entry<String, JsonNode>> classes = new ArrayList<>();
        ROOT.get("data_classes").fields().forEachRemaining(classes::add);
        return classes;
    }

    /** {@code learning.data.CourseData} to {@code org.openedx.events.catalog.learning.CourseData}. */
    static String javaClassName(String dataClassId) {
        String[] parts = dataClassId.split("\\.");
        return "org.openedx.events.catalog." + parts[0].replace("_", "") + "." + parts[2];
    }

    static Class<?> javaClass(String dataClassId) {
        try {
            return Class.forName(javaClassName(dataClassId));
        } catch (ClassNotFoundException e) {
            throw new AssertionError("No record for " + dataClassId, e);
        }
    }
}
