package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.fixtures.Learning;
import org.openedx.events.avro.fixtures.Shapes;
import org.openedx.events.avro.fixtures.TestSignals;

class SchemaGenerationTest {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    @Test
    void loginSchemaStringIsUpstreamText() {
        String expected = "{\"doc\": \"Avro Event Format for CloudEvents created with openedx_events/schema\","
                + " \"fields\": [{\"name\": \"user\", \"type\": {\"fields\": [{\"name\": \"id\", \"type\": \"long\"},"
                + " {\"name\": \"is_active\", \"type\": \"boolean\"}, {\"name\": \"pii\", \"type\": {\"fields\":"
                + " [{\"name\": \"username\", \"type\": \"string\"}, {\"name\": \"email\", \"type\": \"string\"},"
                + " {\"name\": \"name\", \"type\": \"string\"}], \"name\": \"UserPersonalData\", \"type\": \"record\"}}],"
                + " \"name\": \"UserData\", \"type\": \"record\"}}], \"name\": \"CloudEvent\","
                + " \"namespace\": \"org.openedx.test.avro.login.v1\", \"type\": \"record\"}";

        assertThat(avro.schemaString(TestSignals.LOGIN)).isEqualTo(expected);
    }

    @Test
    void schemaMapKeepsUpstreamKeyOrder() {
        Map<String, Object> schema = avro.schemaMap(TestSignals.ENROLLMENT);

        assertThat(schema.keySet()).containsExactly("name", "type", "doc", "fields", "namespace");
        Map<?, ?> enrollment = (Map<?, ?>) ((List<?>) schema.get("fields")).get(0);
        assertThat(keys(enrollment)).containsExactly("name", "type");
        Map<?, ?> record = (Map<?, ?>) enrollment.get("type");
        assertThat(keys(record)).containsExactly("name", "type", "fields");
        Map<?, ?> start = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) record.get("fields")).get(1))
                .get("type")).get("fields")).get(2);
        assertThat(keys(start)).containsExactly("name", "type", "default");
        assertThat(start.get("type")).isEqualTo(List.of("null", "string"));
        assertThat(start.containsKey("default")).isTrue();
        assertThat(start.get("default")).isNull();
    }

    @Test
    void recordsAreDefinedOnceThenReferencedByNameEvenInUnions() {
        List<?> fields = (List<?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) avro.schemaMap(TestSignals.ENROLLMENT)
                .get("fields")).get(0)).get("type")).get("fields");

        assertThat(((Map<?, ?>) ((Map<?, ?>) fields.get(0)).get("type")).get("name")).isEqualTo("UserData");
        assertThat(fields.get(5)).isEqualTo(fieldWithDefault("created_by", List.of("null", "UserData")));
    }

    @Test
    void schemaMapIsUnmodifiable() {
        Map<String, Object> schema = avro.schemaMap(TestSignals.LOGIN);

        assertThatThrownBy(() -> schema.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) schema.get("fields")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void schemaIsCachedPerSignal() {
        assertThat(avro.schema(TestSignals.LOGIN)).isSameAs(avro.schema(TestSignals.LOGIN));
        assertThat(avro.schemaString(TestSignals.LOGIN)).isSameAs(avro.schemaString(TestSignals.LOGIN));
    }

    @Test
    void avroSchemaHasCloudEventFullNameInEventTypeNamespace() {
        Schema schema = avro.schema(TestSignals.ENROLLMENT);

        assertThat(schema.getFullName()).isEqualTo("org.openedx.test.avro.enrollment.v1.CloudEvent");
        assertThat(schema.getDoc()).isEqualTo("Avro Event Format for CloudEvents created with openedx_events/schema");
        assertThat(schema.getField("enrollment").schema().getFullName())
                .isEqualTo("org.openedx.test.avro.enrollment.v1.CourseEnrollmentData");
    }

    @Test
    void hyphenInNamespaceIsAccepted() {
        Schema schema = avro.schema(TestSignals.HYPHEN);

        assertThat(schema.getNamespace()).isEqualTo("org.openedx.test.avro.redemption-reversed.v1");
        assertThat(AvroSchemas.parse(schema.toString())).isEqualTo(schema);
        assertThat(AvroSchemas.parse(avro.schemaString(TestSignals.HYPHEN))).isEqualTo(schema);
    }

    @Test
    void everyMappedTypeGenerates() {
        Map<String, Object> schema = avro.schemaMap(TestSignals.EVERYTHING);
        Map<?, ?> record = (Map<?, ?>) ((Map<?, ?>) ((List<?>) schema.get("fields")).get(0)).get("type");
        Map<String, Object> types = new java.util.LinkedHashMap<>();
        for (Object field : (List<?>) record.get("fields")) {
            types.put((String) ((Map<?, ?>) field).get("name"), ((Map<?, ?>) field).get("type"));
        }

        assertThat(types).containsEntry("text", "string").containsEntry("big", "long").containsEntry("small", "long")
                .containsEntry("boxed_big", "long").containsEntry("boxed_small", "long")
                .containsEntry("flag", "boolean").containsEntry("boxed_flag", "boolean")
                .containsEntry("ratio", "double").containsEntry("boxed_ratio", "double")
                .containsEntry("at", "string").containsEntry("naive_at", "string").containsEntry("id", "string")
                .containsEntry("names", Map.of("type", "array", "items", "string"))
                .containsEntry("numbers", Map.of("type", "array", "items", "long"))
                .containsEntry("nested", Map.of("type", "array", "items", Map.of("type", "array", "items", "string")))
                .containsEntry("labels", Map.of("type", "map", "values", "string"))
                .containsEntry("groups", Map.of("type", "map", "values", Map.of("type", "array", "items", "string")))
                .containsEntry("tables", Map.of("type", "array", "items", Map.of("type", "map", "values", "long")))
                .containsEntry("leaf_by_name", Map.of("type", "map", "values", "Leaf"))
                .containsEntry("leaf", "Leaf")
                .containsEntry("maybe_leaf", List.of("null", "Leaf"))
                .containsEntry("maybe_course", List.of("null", "string"))
                .containsEntry("maybe_names", List.of("null", Map.of("type", "array", "items", "string")));
        assertThat(types.get("leaves")).isEqualTo(Map.of("type", "array", "items", Map.of("name", "Leaf",
                "type", "record", "fields", List.of(Map.of("name", "label", "type", "string"),
                        fieldWithDefault("rank", List.of("null", "long"))))));
        Map<?, ?> keys = (Map<?, ?>) types.get("keys");
        assertThat(((List<?>) keys.get("fields")).stream().map(f -> ((Map<?, ?>) f).get("type")).distinct().toList())
                .isEqualTo(List.of("string"));
        // A top-level argument that reuses a record of an earlier argument references it by name.
        assertThat(((List<?>) schema.get("fields")).get(2)).isEqualTo(Map.of("name", "extra", "type", "Leaf"));
        assertThat(((List<?>) schema.get("fields")).get(1)).isEqualTo(Map.of("name", "note", "type", "string"));
    }

    @Test
    void bytesMapToBytes() {
        OpenEdxPublicSignal signal = TestSignals.signal("org.openedx.test.avro.bytes.v1", "value",
                Shapes.WithBytes.class);

        assertThat(avro.schemaString(signal)).contains("{\"name\": \"payload\", \"type\": \"bytes\"}");
    }

    @Test
    void unsupportedTypeFailsNamingEventAndField() {
        assertSchemaFails("org.openedx.test.avro.stream.v1", Shapes.WithStream.class, "value.signatory_image",
                "Data type java.io.InputStream is not supported");
    }

    @Test
    void customTypesAreNotAllowedAsListItemsOrMapValues() {
        assertSchemaFails("org.openedx.test.avro.keylist.v1", Shapes.WithKeyList.class, "value.courses",
                "Type org.openedx.events.keys.CourseKey is not supported for list items");
        assertSchemaFails("org.openedx.test.avro.datemap.v1", Shapes.WithDateMap.class, "value.dates",
                "Type java.time.OffsetDateTime is not supported for dict values");
    }

    @Test
    void otherUnmappableShapesFail() {
        assertSchemaFails("org.openedx.test.avro.intkeys.v1", Shapes.WithIntKeys.class, "value.by_number",
                "Avro maps only support string keys");
        assertSchemaFails("org.openedx.test.avro.rawlist.v1", Shapes.WithRawList.class, "value.items",
                "without annotation types");
        assertSchemaFails("org.openedx.test.avro.nullableprimitive.v1", Shapes.WithNullablePrimitive.class,
                "value.count", "@Nullable on the primitive component");
        assertSchemaFails("org.openedx.test.avro.samename.v1", Shapes.Holder.class, "value.second",
                "two different classes are named Leaf");
        assertSchemaFails("org.openedx.test.avro.tree.v1", Shapes.Tree.class, "value.children",
                "recursive records are not supported");
    }

    @Test
    void topLevelArgumentsMayBeAnyMappedType() {
        OpenEdxPublicSignal signal = OpenEdxPublicSignal.builder("org.openedx.test.avro.toplevel.v1")
                .data("names", new TypeToken<List<String>>() { }.type())
                .data("user", Learning.UserData.class)
                .build();

        assertThat((List<?>) avro.schemaMap(signal).get("fields")).element(0)
                .isEqualTo(Map.of("name", "names", "type", Map.of("type", "array", "items", "string")));
    }

    private void assertSchemaFails(String eventType, Type type, String path, String reason) {
        OpenEdxPublicSignal signal = TestSignals.signal(eventType, "value", type);

        assertThatThrownBy(() -> avro.schema(signal))
                .isInstanceOfSatisfying(AvroSchemaException.class, e -> {
                    assertThat(e.eventType()).isEqualTo(eventType);
                    assertThat(e.fieldPath()).isEqualTo(path);
                })
                .hasMessageContaining(eventType)
                .hasMessageContaining("'" + path + "'")
                .hasMessageContaining(reason);
    }

    private static Map<String, Object> fieldWithDefault(String name, Object type) {
        Map<String, Object> field = new java.util.LinkedHashMap<>();
        field.put("name", name);
        field.put("type", type);
        field.put("default", null);
        return field;
    }

    private static List<Object> keys(Map<?, ?> map) {
        return List.copyOf(map.keySet());
    }

    /** Captures a generic type. */
    abstract static class TypeToken<T> {
        Type type() {
            return ((java.lang.reflect.ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        }
    }
}
