package org.openedx.events.avro.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Checks two schemas of one event both ways: Avro's reader/writer compatibility rules, then
 * real data, a sample written with one schema and read with the other, once with every
 * nullable field set and once with every nullable field null.
 */
public final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /** One line per problem; empty when {@code current} and {@code stored} read each other's data. */
    public static List<String> check(Schema current, Schema stored) {
        List<String> problems = new ArrayList<>();
        rules(problems, "the current schema cannot read data written with the stored schema", current, stored);
        rules(problems, "the stored schema cannot read data written with the current schema", stored, current);
        if (problems.isEmpty()) {
            sample(problems, "stored", stored, "current", current);
            sample(problems, "current", current, "stored", stored);
        }
        return problems;
    }

    private static void rules(List<String> problems, String what, Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        for (SchemaCompatibility.Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(what + ": " + incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                    + incompatibility.getMessage());
        }
    }

    private static void sample(List<String> problems, String writerName, Schema writer, String readerName,
                               Schema reader) {
        for (boolean fillNullables : new boolean[] {true, false}) {
            Object datum = sampleOf(writer, fillNullables);
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
                new GenericDatumWriter<>(writer).write(datum, out);
                out.flush();
                new GenericDatumReader<>(writer, reader)
                        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
            } catch (IOException | RuntimeException e) {
                problems.add("a sample written with the " + writerName + " schema (nullable fields "
                        + (fillNullables ? "set" : "null") + ") cannot be read with the " + readerName
                        + " schema: " + e);
            }
        }
    }

    /** A value of the schema with every field, item and map entry present. */
    static Object sampleOf(Schema schema, boolean fillNullables) {
        switch (schema.getType()) {
            case RECORD:
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), sampleOf(field.schema(), fillNullables));
                }
                return record;
            case UNION:
                Schema chosen = schema.getTypes().get(0);
                for (Schema branch : schema.getTypes()) {
                    if ((branch.getType() == Schema.Type.NULL) != fillNullables) {
                        chosen = branch;
                        break;
                    }
                }
                return sampleOf(chosen, fillNullables);
            case ARRAY:
                return new GenericData.Array<>(schema, List.of(sampleOf(schema.getElementType(), fillNullables)));
            case MAP:
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("key", sampleOf(schema.getValueType(), fillNullables));
                return map;
            case STRING:
                return "text";
            case LONG:
                return 7L;
            case INT:
                return 7;
            case BOOLEAN:
                return true;
            case DOUBLE:
                return 1.5d;
            case FLOAT:
                return 1.5f;
            case BYTES:
                return ByteBuffer.wrap(new byte[] {1, 2});
            case ENUM:
                return new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
            case FIXED:
                return new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
            case NULL:
            default:
                return null;
        }
    }
}
