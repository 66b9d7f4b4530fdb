package org.openedx.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openedx.events.Nullable;
import org.openedx.events.keys.CcxLocator;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.keys.LibraryCollectionLocator;
import org.openedx.events.keys.LibraryContainerLocator;
import org.openedx.events.keys.LibraryLocatorV2;
import org.openedx.events.keys.LibraryUsageLocatorV2;
import org.openedx.events.keys.UsageKey;
import org.openedx.events.wire.FieldNames;

/**
 * Every data class of the golden catalog is a record with the catalog's fields, in wire order,
 * with the declared types and the upstream default behaviour.
 */
class DataRecordsTest {

    static Stream<Arguments> dataClasses() {
        return GoldenCatalog.dataClasses().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void thereAre54DistinctRecords() {
        Set<Class<?>> records = new HashSet<>();
        GoldenCatalog.dataClasses().forEach(e -> records.add(GoldenCatalog.javaClass(e.getKey())));

        assertThat(records).hasSize(54).allMatch(Class::isRecord);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataClasses")
    void componentsAreTheCatalogFieldsInWireOrder(String id, JsonNode golden) {
        Class<?> type = GoldenCatalog.javaClass(id);
        assertThat(type).isRecord().isPublic().isFinal();
        assertThat(type.getSimpleName()).isEqualTo(golden.get("name").asText());

        List<String> wireNames = Arrays.stream(type.getRecordComponents())
                .map(c -> FieldNames.toWire(c.getName())).toList();
        List<String> expected = new ArrayList<>();
        golden.get("fields").forEach(f -> expected.add(f.get("name").asText()));
        assertThat(wireNames).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataClasses")
    void componentTypesAndNullabilityFollowTheCatalog(String id, JsonNode golden) {
        RecordComponent[] components = GoldenCatalog.javaClass(id).getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            JsonNode field = golden.get("fields").get(i);
            boolean nullable = field.get("default").get("kind").asText().equals("None");

            assertThat(components[i].isAnnotationPresent(Nullable.class))
                    .as("@Nullable on %s.%s", id, field.get("name").asText()).isEqualTo(nullable);
            assertThat(components[i].getGenericType().getTypeName())
                    .as("type of %s.%s", id, field.get("name").asText())
                    .isEqualTo(expectedJavaType(field.get("type").asText(), nullable));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataClasses")
    void requiredReferenceFieldsRejectNullNamingTheField(String id, JsonNode golden) throws Exception {
        Class<?> type = GoldenCatalog.javaClass(id);
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            JsonNode field = golden.get("fields").get(i);
            if (!field.get("default").get("kind").asText().equals("required") || components[i].getType().isPrimitive()) {
                continue;
            }
            Object[] arguments = sampleArguments(type);
            arguments[i] = null;

            assertThatThrownBy(() -> construct(type, arguments))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage(field.get("name").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataClasses")
    void absentOptionalFieldsTakeTheUpstreamDefault(String id, JsonNode golden) throws Exception {
        Class<?> type = GoldenCatalog.javaClass(id);
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = sampleArguments(type);
        for (int i = 0; i < components.length; i++) {
            String kind = golden.get("fields").get(i).get("default").get("kind").asText();
            if (kind.equals("None") || kind.equals("factory") || kind.equals("class_object")) {
                arguments[i] = null;
            }
        }
        Object record = construct(type, arguments);

        for (int i = 0; i < components.length; i++) {
            JsonNode field = golden.get("fields").get(i);
            JsonNode defaults = field.get("default");
            Object value = components[i].getAccessor().invoke(record);
            switch (defaults.get("kind").asText()) {
                case "None" -> assertThat(value).as(field.get("name").asText()).isNull();
                case "factory" -> assertThat(value).as(field.get("name").asText()).isEqualTo(
                        switch (defaults.get("factory").asText()) {
                            case "str" -> "";
                            case "list" -> List.of();
                            case "dict" -> Map.of();
                            default -> throw new AssertionError(defaults);
                        });
                case "class_object" -> assertThat(value).isEqualTo(Map.of());
                case "value" -> assertThat(components[i].getType()).isEqualTo(boolean.class);
                case "required" -> assertThat(value).isEqualTo(arguments[i]);
                default -> throw new AssertionError(defaults);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataClasses")
    void collectionsAreUnmodifiableCopies(String id, JsonNode golden) throws Exception {
        Class<?> type = GoldenCatalog.javaClass(id);
        Object[] arguments = sampleArguments(type);
        Object record = construct(type, arguments);
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            Object value = components[i].getAccessor().invoke(record);
            if (value instanceof List<?> list) {
                assertThat(list).isEqualTo(arguments[i]).isNotSameAs(arguments[i]);
                assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
            } else if (value instanceof Map<?, ?> map) {
                assertThat(map).isEqualTo(arguments[i]).isNotSameAs(arguments[i]);
                assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
            }
        }
    }

    /** The Java type the port declares for a catalog type expression. */
    static String expectedJavaType(String python, boolean nullable) {
        int bracket = python.indexOf('[');
        if (bracket > 0) {
            String outer = python.substring(0, bracket);
            List<String> arguments = splitArguments(python.substring(bracket + 1, python.length() - 1));
            if (outer.equalsIgnoreCase("list")) {
                return "java.util.List<" + expectedJavaType(arguments.get(0), true) + ">";
            }
            assertThat(arguments.get(0)).isEqualTo("str");
            return "java.util.Map<java.lang.String, " + expectedJavaType(arguments.get(1), true) + ">";
        }
        return switch (python) {
            case "str" -> "java.lang.String";
            case "int" -> nullable ? "java.lang.Long" : "long";
            case "bool" -> nullable ? "java.lang.Boolean" : "boolean";
            case "float" -> nullable ? "java.lang.Double" : "double";
            case "datetime" -> "java.time.OffsetDateTime";
            case "UUID" -> "java.util.UUID";
            case "BinaryIO" -> "java.io.InputStream";
            case "CourseKey" -> CourseKey.class.getName();
            case "UsageKey" -> UsageKey.class.getName();
            case "CCXLocator" -> CcxLocator.class.getName();
            case "LibraryLocatorV2" -> LibraryLocatorV2.class.getName();
            case "LibraryUsageLocatorV2" -> LibraryUsageLocatorV2.class.getName();
            case "LibraryCollectionLocator" -> LibraryCollectionLocator.class.getName();
            case "LibraryContainerLocator" -> LibraryContainerLocator.class.getName();
            default -> GoldenCatalog.javaClassName(python);
        };
    }

    private static List<String> splitArguments(String text) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (c == ',' && depth == 0) {
                arguments.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        arguments.add(text.substring(start).trim());
        return arguments;
    }

    static Object[] sampleArguments(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            arguments[i] = sample(components[i].getGenericType());
        }
        return arguments;
    }

    /** A valid, non-empty value of a declared type; collections are mutable so copies can be told apart. */
    static Object sample(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (parameterized.getRawType() == List.class) {
                return new ArrayList<>(List.of(sample(arguments[0])));
            }
            return new java.util.HashMap<>(Map.of("key", sample(arguments[1])));
        }
        Class<?> raw = (Class<?>) type;
        if (raw == String.class) {
            return "text";
        } else if (raw == long.class || raw == Long.class) {
            return 7L;
        } else if (raw == boolean.class || raw == Boolean.class) {
            return true;
        } else if (raw == double.class || raw == Double.class) {
            return 0.75;
        } else if (raw == OffsetDateTime.class) {
            return OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        } else if (raw == UUID.class) {
            return UUID.fromString("2bd8df5b-4f8a-4b2a-9a83-4f3e7c6e4a01");
        } else if (raw == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {1, 2, 3});
        } else if (raw == CourseKey.class) {
            return CourseKey.parse("course-v1:edX+DemoX+Demo_Course");
        } else if (raw == UsageKey.class) {
            return UsageKey.parse("block-v1:edX+DemoX+Demo_Course+type@video+block@intro");
        } else if (raw == CcxLocator.class) {
            return CcxLocator.parse("ccx-v1:edX+DemoX+Demo_Course+ccx@1");
        } else if (raw == LibraryLocatorV2.class) {
            return LibraryLocatorV2.parse("lib:MITx:reallyhardproblems");
        } else if (raw == LibraryUsageLocatorV2.class) {
            return LibraryUsageLocatorV2.parse("lb:MITx:reallyhardproblems:problem:problem1");
        } else if (raw == LibraryCollectionLocator.class) {
            return LibraryCollectionLocator.parse("lib-collection:MITx:reallyhardproblems:col1");
        } else if (raw == LibraryContainerLocator.class) {
            return LibraryContainerLocator.parse("lct:MITx:reallyhardproblems:unit:test-container");
        } else if (raw.isRecord()) {
            try {
                return construct(raw, sampleArguments(raw));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("No sample for " + type);
    }

    static Object construct(Class<?> record, Object[] arguments) throws Exception {
        Class<?>[] types = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        Constructor<?> canonical = record.getDeclaredConstructor(types);
        try {
            return canonical.newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
