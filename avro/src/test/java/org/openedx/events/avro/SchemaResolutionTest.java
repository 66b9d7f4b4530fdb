package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.avro.fixtures.Learning.UserData;
import org.openedx.events.avro.fixtures.Learning.UserPersonalData;
import org.openedx.events.avro.fixtures.Shapes.Leaf;
import org.openedx.events.avro.fixtures.TestSignals;

/** Decoding with the writer's schema resolved to the event's schema, as the Kafka consumer does. */
class SchemaResolutionTest {

    private final AvroEventSerializer avro = AvroEventSerializer.defaults();

    /** Writer: an older Leaf without {@code rank}, and an extra field the reader does not know. */
    private static final String OLD_LEAF = "{\"type\": \"record\", \"name\": \"CloudEvent\","
            + " \"namespace\": \"org.openedx.test.avro.redemption-reversed.v1\", \"fields\": [{\"name\": \"leaf\","
            + " \"type\": {\"type\": \"record\", \"name\": \"Leaf\", \"fields\": [{\"name\": \"extra\", \"type\":"
            + " {\"type\": \"array\", \"items\": \"string\"}}, {\"name\": \"label\", \"type\": \"string\"}]}}]}";

    @Test
    void readerOnlyNullableFieldsTakeTheirDefaultAndWriterOnlyFieldsAreSkipped() throws IOException {
        Schema writer = AvroSchemas.parse(OLD_LEAF);
        GenericData.Record leaf = new GenericData.Record(writer.getField("leaf").schema());
        leaf.put("extra", List.of("skipped", "too"));
        leaf.put("label", "old");
        GenericData.Record event = new GenericData.Record(writer);
        event.put("leaf", leaf);
        byte[] bytes = write(writer, event);

        EventData typed = avro.deserialize(TestSignals.HYPHEN, bytes, writer);
        Map<String, Object> generic = avro.deserializeGeneric(TestSignals.HYPHEN, bytes, writer);
        EventData again = avro.deserialize(TestSignals.HYPHEN, bytes, AvroSchemas.parse(OLD_LEAF));

        assertThat(typed).isEqualTo(EventData.of("leaf", new Leaf("old", null)));
        assertThat(again).isEqualTo(typed);
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("label", "old");
        expected.put("rank", null);
        assertThat(generic).isEqualTo(Map.of("leaf", expected));
    }

    @Test
    void writerFieldsInAnotherOrderAndNarrowerTypesAreResolved() throws IOException {
        Schema writer = AvroSchemas.parse("{\"type\": \"record\", \"name\": \"CloudEvent\", \"namespace\":"
                + " \"x\", \"fields\": [{\"name\": \"user\", \"type\": {\"type\": \"record\", \"name\": \"UserData\","
                + " \"fields\": [{\"name\": \"pii\", \"type\": {\"type\": \"record\", \"name\": \"UserPersonalData\","
                + " \"fields\": [{\"name\": \"name\", \"type\": \"string\"}, {\"name\": \"email\", \"type\": \"string\"},"
                + " {\"name\": \"username\", \"type\": \"string\"}]}}, {\"name\": \"is_active\", \"type\": \"boolean\"},"
                + " {\"name\": \"id\", \"type\": \"int\"}]}}]}");
        GenericData.Record pii = new GenericData.Record(writer.getField("user").schema().getField("pii").schema());
        pii.put("name", "Bob Foo");
        pii.put("email", "bob@foo.example");
        pii.put("username", "foobob");
        GenericData.Record user = new GenericData.Record(writer.getField("user").schema());
        user.put("pii", pii);
        user.put("is_active", false);
        user.put("id", 123);
        GenericData.Record event = new GenericData.Record(writer);
        event.put("user", user);

        EventData read = avro.deserialize(TestSignals.LOGIN, write(writer, event), writer);

        assertThat(read).isEqualTo(EventData.of("user", new UserData(123, false,
                new UserPersonalData("foobob", "bob@foo.example", "Bob Foo"))));
    }

    @Test
    void ownSchemaAsWriterDecodesLikeThePlainPath() {
        byte[] bytes = Hex.bytes(ByteVectorsTest.LOGIN_BYTES);
        Schema copy = AvroSchemas.parse(avro.schemaString(TestSignals.LOGIN));

        assertThat(avro.deserialize(TestSignals.LOGIN, bytes, copy)).isEqualTo(avro.deserialize(TestSignals.LOGIN, bytes));
        assertThat(avro.deserialize(TestSignals.LOGIN, bytes, avro.schema(TestSignals.LOGIN)))
                .isEqualTo(avro.deserialize(TestSignals.LOGIN, bytes));
    }

    @Test
    void aReaderReadsEventAfterEventFromFramedBytesAsDeserializeDoes() {
        AvroEventSerializer.Reader reader = avro.reader();
        Schema own = avro.schema(TestSignals.LOGIN);
        for (int i = 0; i < 3; i++) {
            EventData event = EventData.of("user", new UserData(i, i % 2 == 0,
                    new UserPersonalData("user" + "x".repeat(i * 40), "u" + i + "@example.com", "User " + i)));
            byte[] body = avro.serialize(TestSignals.LOGIN, event);
            byte[] framed = new byte[5 + body.length + 3];
            System.arraycopy(body, 0, framed, 5, body.length);

            assertThat(reader.deserialize(TestSignals.LOGIN, framed, 5, body.length, own)).isEqualTo(event);
        }
        assertThatThrownBy(() -> reader.deserialize(TestSignals.LOGIN, new byte[] {0, 0, 0, 0, 0, 7}, 5, 1, own))
                .isInstanceOf(AvroSerializationException.class).hasMessageContaining(TestSignals.LOGIN.eventType());
        byte[] bytes = Hex.bytes(ByteVectorsTest.LOGIN_BYTES);
        assertThat(reader.deserialize(TestSignals.LOGIN, bytes, 0, bytes.length, own))
                .isEqualTo(avro.deserialize(TestSignals.LOGIN, bytes));
    }

    @Test
    void incompatibleWriterSchemaFailsClearly() {
        Schema writer = AvroSchemas.parse("{\"type\": \"record\", \"name\": \"CloudEvent\", \"fields\": [{\"name\":"
                + " \"leaf\", \"type\": {\"type\": \"record\", \"name\": \"Leaf\", \"fields\": [{\"name\": \"rank\","
                + " \"type\": \"long\"}]}}]}");

        assertThatThrownBy(() -> avro.deserialize(TestSignals.HYPHEN, new byte[] {2}, writer))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining(TestSignals.HYPHEN.eventType())
                .hasMessageContaining("cannot be resolved")
                .hasMessageContaining("label");
    }

    @Test
    void badDataWithAWriterSchemaNamesTheField() throws IOException {
        Schema writer = AvroSchemas.parse(OLD_LEAF);

        assertThatThrownBy(() -> avro.deserialize(TestSignals.HYPHEN, Hex.bytes("02 04"), writer))
                .isInstanceOf(AvroSerializationException.class)
                // The resolver skips the writer-only array while moving to the next reader field.
                .hasMessageContaining("field 'leaf.label'")
                .hasMessageContaining("truncated");
        // The failed message did not spoil the pooled resolver.
        GenericData.Record leaf = new GenericData.Record(writer.getField("leaf").schema());
        leaf.put("extra", List.of());
        leaf.put("label", "fine");
        GenericData.Record event = new GenericData.Record(writer);
        event.put("leaf", leaf);
        assertThat(avro.deserialize(TestSignals.HYPHEN, write(writer, event), writer))
                .isEqualTo(EventData.of("leaf", new Leaf("fine", null)));
    }

    private static byte[] write(Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<>(schema).write(datum, out);
        out.flush();
        return bytes.toByteArray();
    }
}
