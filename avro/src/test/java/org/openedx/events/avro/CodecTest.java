package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventBusException;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.fixtures.Learning.CourseDiscussionConfigurationData;
import org.openedx.events.avro.fixtures.Learning.CourseEnrollmentData;
import org.openedx.events.avro.fixtures.Learning.DiscussionTopicContext;
import org.openedx.events.avro.fixtures.Samples;
import org.openedx.events.avro.fixtures.Shapes.Everything;
import org.openedx.events.avro.fixtures.Shapes.Leaf;
import org.openedx.events.avro.fixtures.Shapes;
import org.openedx.events.avro.fixtures.TestSignals;
import org.openedx.events.keys.CourseKey;

class CodecTest {

    private static final OpenEdxPublicSignal EVERYTHING = TestSignals.EVERYTHING;
    private static final OpenEdxPublicSignal BYTES = TestSignals.signal("org.openedx.test.avro.codec.bytes.v1",
            "value", Shapes.WithBytes.class);

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    private static EventData everythingData(Everything everything) {
        return EventData.builder().put("everything", everything).put("note", "n").put("extra", new Leaf("e", 1))
                .build();
    }

    @Test
    void typedRoundTripKeepsEveryValue() {
        for (Everything value : List.of(Samples.everything(), Samples.everythingWithNulls())) {
            EventData data = everythingData(value);

            EventData back = avro.deserialize(EVERYTHING, avro.serialize(EVERYTHING, data));

            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void genericAndTypedPathsWriteTheSameBytes() {
        byte[] bytes = avro.serialize(EVERYTHING, everythingData(Samples.everything()));

        Map<String, Object> generic = avro.deserializeGeneric(EVERYTHING, bytes);

        assertThat(avro.serializeGeneric(EVERYTHING, generic)).isEqualTo(bytes);
        assertThat(avro.serialize(EVERYTHING, avro.deserialize(EVERYTHING, bytes))).isEqualTo(bytes);
    }

    @Test
    void genericDataHoldsWireText() {
        byte[] bytes = avro.serialize(EVERYTHING, everythingData(Samples.everything()));

        Map<?, ?> everything = (Map<?, ?>) avro.deserializeGeneric(EVERYTHING, bytes).get("everything");

        assertThat(everything.get("at")).isEqualTo("2023-05-01T12:00:00.123456-05:00");
        assertThat(everything.get("naive_at")).isEqualTo("2024-02-29T23:59:59");
        assertThat(everything.get("id")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(everything.get("small")).isEqualTo(-42L);
        assertThat(everything.get("maybe_leaf")).isEqualTo(mapOf("label", "maybe", "rank", null));
        assertThat(List.<Object>copyOf(((Map<?, ?>) everything.get("keys")).values())).containsExactly(Samples.COURSE, Samples.USAGE,
                Samples.CCX, Samples.LIBRARY, Samples.LIBRARY_BLOCK, Samples.COLLECTION, Samples.CONTAINER);
        assertThat(List.<Object>copyOf(((Map<?, ?>) everything.get("labels")).keySet())).containsExactly("Beta", "alpha", "zeta");
    }

    @Test
    void dateTimesAreTruncatedToMicroseconds() {
        Everything value = Samples.everything();
        Everything precise = new Everything(value.text(), value.big(), value.small(), value.boxedBig(),
                value.boxedSmall(), value.flag(), value.boxedFlag(), value.ratio(), value.boxedRatio(),
                OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 999, ZoneOffset.UTC), value.naiveAt(), value.id(),
                value.keys(), value.names(), value.numbers(), value.nested(), value.labels(), value.groups(),
                value.tables(), value.leaves(), value.leafByName(), value.leaf(), null, null, null, null, null, null,
                null);

        Map<?, ?> generic = (Map<?, ?>) avro.deserializeGeneric(EVERYTHING,
                avro.serialize(EVERYTHING, everythingData(precise))).get("everything");

        assertThat(generic.get("at")).isEqualTo("2023-05-01T12:00:00+00:00");
    }

    @Test
    void falsyValuesArePreservedOnDecode() {
        Map<String, Boolean> noPlugins = Map.of();
        CourseDiscussionConfigurationData configuration = new CourseDiscussionConfigurationData(
                CourseKey.parse(Samples.COURSE), "", false, false, false, false, noPlugins,
                List.of(new DiscussionTopicContext("", null, 0L, "", 0L, Map.of())));
        EventData data = EventData.of("configuration", configuration);

        EventData back = avro.deserialize(TestSignals.DISCUSSIONS, avro.serialize(TestSignals.DISCUSSIONS, data));

        CourseDiscussionConfigurationData read = back.get("configuration", CourseDiscussionConfigurationData.class);
        assertThat(read.enabled()).isFalse();
        assertThat(read.enableInContext()).isFalse();
        assertThat(read.pluginConfiguration()).isNotNull().isEmpty();
        assertThat(read.contexts().get(0).groupId()).isEqualTo(0L);
        assertThat(read.contexts().get(0).externalId()).isEqualTo("");
        assertThat(back).isEqualTo(data);
    }

    @Test
    void mapKeysAreSortedByCodePointAsPythonDoes() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("\uD83D\uDE00", "emoji U+1F600");
        labels.put("\uFFFF", "U+FFFF");
        labels.put("b", "b");
        labels.put("B", "B");
        Everything value = Samples.everythingWithNulls();
        Everything withLabels = new Everything(value.text(), value.big(), value.small(), value.boxedBig(),
                value.boxedSmall(), value.flag(), value.boxedFlag(), value.ratio(), value.boxedRatio(), value.at(),
                value.naiveAt(), value.id(), value.keys(), value.names(), value.numbers(), value.nested(), labels,
                value.groups(), value.tables(), value.leaves(), value.leafByName(), value.leaf(), null, null, null, null,
                null, null, null);

        Everything back = avro.deserialize(EVERYTHING, avro.serialize(EVERYTHING, everythingData(withLabels)))
                .get("everything", Everything.class);

        assertThat(back.labels().keySet()).containsExactly("B", "b", "\uFFFF", "\uD83D\uDE00");
    }

    @Test
    void nullInNonNullableFieldFailsNamingThePath() {
        Everything value = Samples.everythingWithNulls();
        Everything noText = new Everything(null, value.big(), value.small(), value.boxedBig(), value.boxedSmall(),
                value.flag(), value.boxedFlag(), value.ratio(), value.boxedRatio(), value.at(), value.naiveAt(),
                value.id(), value.keys(), value.names(), value.numbers(), value.nested(), value.labels(),
                value.groups(), value.tables(), value.leaves(), value.leafByName(), value.leaf(), null, null, null,
                null, null, null, null);

        assertSerializeFails(everythingData(noText), "everything.text", "not nullable");
        assertSerializeFails(EventData.builder().put("everything", value).put("note", null)
                .put("extra", new Leaf("e", 1)).build(), "note", "not nullable");
    }

    @Test
    void nullItemsAndValuesFailNamingThePath() {
        Everything value = Samples.everythingWithNulls();
        Map<String, String> labels = new HashMap<>();
        labels.put("a", null);
        Everything withNulls = new Everything(value.text(), value.big(), value.small(), value.boxedBig(),
                value.boxedSmall(), value.flag(), value.boxedFlag(), value.ratio(), value.boxedRatio(), value.at(),
                value.naiveAt(), value.id(), value.keys(), Arrays.asList("x", null), value.numbers(), value.nested(),
                labels, value.groups(), value.tables(), value.leaves(), value.leafByName(),
                new Leaf(null, 1), null, null, null, null, null, null, null);

        assertSerializeFails(everythingData(withNulls), "everything.names[1]", "list items may not be null");
    }

    @Test
    void nullMapValueFailsNamingTheKey() {
        Map<String, Object> labels = new HashMap<>();
        labels.put("a", null);
        Map<String, Object> generic = genericEverything();
        asMap(generic.get("everything")).put("labels", labels);

        assertThatThrownBy(() -> avro.serializeGeneric(EVERYTHING, generic))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("field 'everything.labels['a']'")
                .hasMessageContaining("map values may not be null");
    }

    @Test
    void nestedNullNamesTheWholePath() {
        Everything value = Samples.everythingWithNulls();
        Everything badLeaf = new Everything(value.text(), value.big(), value.small(), value.boxedBig(),
                value.boxedSmall(), value.flag(), value.boxedFlag(), value.ratio(), value.boxedRatio(), value.at(),
                value.naiveAt(), value.id(), value.keys(), value.names(), value.numbers(), value.nested(),
                value.labels(), value.groups(), value.tables(), List.of(new Leaf("a", 1), new Leaf(null, 2)),
                value.leafByName(), value.leaf(), null, null, null, null, null, null, null);

        assertSerializeFails(everythingData(badLeaf), "everything.leaves[1].label", "not nullable");
    }

    @Test
    void argumentsMustMatchTheSignal() {
        Everything value = Samples.everything();

        assertSerializeFails(EventData.builder().put("everything", value).put("extra", new Leaf("e", 1)).build(),
                "note", "missing data argument");
        assertSerializeFails(EventData.builder().put("everything", value).put("note", "n")
                .put("extra", new Leaf("e", 1)).put("surplus", 1).build(), "", "unexpected data argument 'surplus'");
        assertSerializeFails(EventData.builder().put("everything", "not a record").put("note", "n")
                .put("extra", new Leaf("e", 1)).build(), "everything", "expected a " + Everything.class.getName());
    }

    @Test
    void bytesCannotBeSerializedButCanBeRead() {
        EventData data = EventData.of("value", new Shapes.WithBytes("n", new byte[] {1, 2}));

        assertThatThrownBy(() -> avro.serialize(BYTES, data))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("field 'value.payload'")
                .hasMessageContaining("Circular reference detected");
        assertThatThrownBy(() -> avro.serializeGeneric(BYTES, Map.of("value", Map.of("name", "n",
                "payload", new byte[] {1})))).isInstanceOf(AvroSerializationException.class);

        Shapes.WithBytes read = avro.deserialize(BYTES, Hex.bytes("02 \"n\" 04 01 02")).get("value",
                Shapes.WithBytes.class);
        assertThat(read.payload()).containsExactly(1, 2);
        assertThat((byte[]) ((Map<?, ?>) avro.deserializeGeneric(BYTES, Hex.bytes("02 \"n\" 04 01 02"))
                .get("value")).get("payload")).containsExactly(1, 2);
    }

    @Test
    void invalidKeyOnDecodeFailsNamingTheField() {
        byte[] bytes = Hex.bytes("02 01 02 75 06 65 40 78 02 4e 12 \"not a key\" 02 44 00 00 0a \"audit\" 01"
                + " 32 \"2023-05-01T12:00:00+00:00\" 00");

        assertDeserializeFails(TestSignals.ENROLLMENT, bytes, "enrollment.course.course_key",
                "invalid CourseKey 'not a key'");
    }

    @Test
    void invalidDateTimeOnDecodeFailsNamingTheField() {
        byte[] bytes = Hex.bytes("02 01 02 75 06 65 40 78 02 4e 3e \"course-v1:edX+DemoX+Demo_Course\" 02 44 00 00"
                + " 0a \"audit\" 01 32 \"2023-13-01T12:00:00+00:00\" 00");

        assertDeserializeFails(TestSignals.ENROLLMENT, bytes, "enrollment.creation_date",
                "invalid OffsetDateTime '2023-13-01T12:00:00+00:00'");
    }

    @Test
    void everyTruncationFailsWithAFieldPath() {
        byte[] bytes = Hex.bytes(ByteVectorsTest.ENROLLMENT_BYTES);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);

            assertThatThrownBy(() -> avro.deserialize(TestSignals.ENROLLMENT, truncated))
                    .as("%d of %d bytes", length, bytes.length)
                    .isInstanceOfSatisfying(AvroSerializationException.class,
                            e -> assertThat(e.fieldPath()).startsWith("enrollment."))
                    .hasMessageContaining(TestSignals.ENROLLMENT.eventType());
            assertThatThrownBy(() -> avro.deserializeGeneric(TestSignals.ENROLLMENT, truncated))
                    .isInstanceOf(AvroSerializationException.class);
        }
        assertThatThrownBy(() -> avro.deserialize(TestSignals.ENROLLMENT, Arrays.copyOf(bytes, 40)))
                .hasMessageContaining("field 'enrollment.course.course_key'")
                .hasMessageContaining("truncated");
    }

    @Test
    void invalidUnionBranchFails() {
        byte[] bytes = Hex.bytes(ByteVectorsTest.ENROLLMENT_BYTES);
        bytes[bytes.length - 1] = 0x04;

        assertDeserializeFails(TestSignals.ENROLLMENT, bytes, "enrollment.created_by", "invalid union branch 2");
    }

    @Test
    void longTooLargeForIntFieldFails() {
        Map<String, Object> generic = genericEverything();
        asMap(generic.get("everything")).put("small", Long.MAX_VALUE);
        byte[] bytes = avro.serializeGeneric(EVERYTHING, generic);

        assertThatThrownBy(() -> avro.deserialize(EVERYTHING, bytes))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("field 'everything.small'")
                .hasMessageContaining("does not fit the int field");
        assertThat(((Map<?, ?>) avro.deserializeGeneric(EVERYTHING, bytes).get("everything")).get("small"))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void genericTextIsNormalizedAsATypedValueWouldBe() {
        Map<String, Object> generic = genericEverything();
        Map<String, Object> everything = asMap(generic.get("everything"));
        everything.put("at", "2023-05-01T12:00:00Z");
        everything.put("naive_at", "2023-05-01 12:00:00.5");
        everything.put("id", "{123E4567E89B12D3A456426614174000}");
        everything.put("maybe_at", OffsetDateTime.of(2021, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));

        Map<?, ?> back = (Map<?, ?>) avro.deserializeGeneric(EVERYTHING, avro.serializeGeneric(EVERYTHING, generic))
                .get("everything");

        assertThat(back.get("at")).isEqualTo("2023-05-01T12:00:00+00:00");
        assertThat(back.get("naive_at")).isEqualTo("2023-05-01T12:00:00.500000");
        assertThat(back.get("id")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(back.get("maybe_at")).isEqualTo("2021-01-01T00:00:00+00:00");
    }

    @Test
    void genericChecksTextAndFieldNames() {
        Map<String, Object> badKey = genericEverything();
        asMap(asMap(badKey.get("everything")).get("keys")).put("usage_key", "nope");
        Map<String, Object> unknown = genericEverything();
        asMap(unknown.get("everything")).put("typo", 1);
        Map<String, Object> missing = genericEverything();
        asMap(missing.get("everything")).remove("flag");
        Map<String, Object> optional = genericEverything();
        asMap(optional.get("everything")).remove("maybe_text");

        assertThatThrownBy(() -> avro.serializeGeneric(EVERYTHING, badKey))
                .hasMessageContaining("field 'everything.keys.usage_key'").hasMessageContaining("invalid UsageKey");
        assertThatThrownBy(() -> avro.serializeGeneric(EVERYTHING, unknown))
                .hasMessageContaining("field 'everything'").hasMessageContaining("unknown field 'typo'");
        assertThatThrownBy(() -> avro.serializeGeneric(EVERYTHING, missing))
                .hasMessageContaining("field 'everything.flag'").hasMessageContaining("missing field");
        assertThat(((Map<?, ?>) avro.deserializeGeneric(EVERYTHING, avro.serializeGeneric(EVERYTHING, optional))
                .get("everything")).get("maybe_text")).isNull();
    }

    @Test
    void genericNumbersAreCheckedAndWidened() {
        Map<String, Object> generic = genericEverything();
        asMap(generic.get("everything")).put("ratio", 3);
        Map<String, Object> fractional = genericEverything();
        asMap(fractional.get("everything")).put("big", 1.5);

        Map<?, ?> back = (Map<?, ?>) avro.deserializeGeneric(EVERYTHING, avro.serializeGeneric(EVERYTHING, generic))
                .get("everything");

        assertThat(back.get("ratio")).isEqualTo(3.0);
        assertThatThrownBy(() -> avro.serializeGeneric(EVERYTHING, fractional))
                .hasMessageContaining("field 'everything.big'").hasMessageContaining("expected an integer");
    }

    @Test
    void naiveDateTimeInAwareFieldIsReadAsUtcByDefault() {
        byte[] bytes = naiveEnrollment();

        CourseEnrollmentData read = avro.deserialize(TestSignals.ENROLLMENT, bytes)
                .get("enrollment", CourseEnrollmentData.class);
        CourseEnrollmentData plusTwo = AvroEventSerializer.builder().naiveDateTimeOffset(ZoneOffset.ofHours(2)).build()
                .deserialize(TestSignals.ENROLLMENT, bytes).get("enrollment", CourseEnrollmentData.class);

        assertThat(read.creationDate()).isEqualTo(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC));
        assertThat(plusTwo.creationDate()).isEqualTo(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(((Map<?, ?>) avro.deserializeGeneric(TestSignals.ENROLLMENT, bytes).get("enrollment"))
                .get("creation_date")).isEqualTo("2023-05-01T12:00:00");
    }

    @Test
    void naiveDateTimesCanBeRefused() {
        AvroEventSerializer strict = AvroEventSerializer.builder().rejectNaiveDateTimes().build();

        assertThatThrownBy(() -> strict.deserialize(TestSignals.ENROLLMENT, naiveEnrollment()))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("field 'enrollment.creation_date'")
                .hasMessageContaining("no UTC offset");
    }

    @Test
    void awareDateTimeInNaiveFieldIsRefused() {
        Map<String, Object> generic = genericEverything();
        asMap(generic.get("everything")).put("naive_at", "2023-05-01T12:00:00+00:00");

        assertThatThrownBy(() -> avro.serializeGeneric(EVERYTHING, generic))
                .hasMessageContaining("field 'everything.naive_at'").hasMessageContaining("LocalDateTime");
    }

    @Test
    void pythonUuidFormsAreAccepted() {
        for (String text : List.of("123E4567-E89B-12D3-A456-426614174000", "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
                "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}")) {
            assertThat(org.openedx.events.wire.PythonUuid.parse(text))
                    .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        }
        assertThatThrownBy(() -> org.openedx.events.wire.PythonUuid.parse("1-1-1-1-1"))
                .hasMessage("badly formed hexadecimal UUID string");
    }

    @Test
    void exceptionsAreEventBusExceptions() {
        assertThatThrownBy(() -> avro.deserialize(TestSignals.LOGIN, new byte[0])).isInstanceOf(EventBusException.class);
    }

    private byte[] naiveEnrollment() {
        return Hex.bytes("02 01 02 75 06 65 40 78 02 4e 3e \"course-v1:edX+DemoX+Demo_Course\" 02 44 00 00"
                + " 0a \"audit\" 01 26 \"2023-05-01T12:00:00\" 00");
    }

    private Map<String, Object> genericEverything() {
        Map<String, Object> generic = avro.deserializeGeneric(EVERYTHING,
                avro.serialize(EVERYTHING, everythingData(Samples.everything())));
        return deepMutable(generic);
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepMutable(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, deepMutable(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) new java.util.ArrayList<>(list.stream().map(CodecTest::deepMutable).toList());
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private void assertSerializeFails(EventData data, String path, String reason) {
        assertThatThrownBy(() -> avro.serialize(EVERYTHING, data))
                .isInstanceOfSatisfying(AvroSerializationException.class, e -> {
                    assertThat(e.eventType()).isEqualTo(EVERYTHING.eventType());
                    assertThat(e.fieldPath()).isEqualTo(path);
                })
                .hasMessageContaining(EVERYTHING.eventType())
                .hasMessageContaining(reason);
    }

    private void assertDeserializeFails(OpenEdxPublicSignal signal, byte[] bytes, String path, String reason) {
        assertThatThrownBy(() -> avro.deserialize(signal, bytes))
                .isInstanceOfSatisfying(AvroSerializationException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo(path))
                .hasMessageContaining(signal.eventType())
                .hasMessageContaining("field '" + path + "'")
                .hasMessageContaining(reason);
        assertThatThrownBy(() -> avro.deserializeGeneric(signal, bytes))
                .isInstanceOfSatisfying(AvroSerializationException.class,
                        e -> assertThat(e.fieldPath()).isEqualTo(path));
    }
}
