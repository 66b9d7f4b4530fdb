package org.openedx.events.avro;

import org.apache.avro.NameValidator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Parsing Avro schema text the way Open edX schemas need it. */
public final class AvroSchemas {

    private AvroSchemas() {
    }

    /**
     * Parses schema JSON without checking names, because one event type, and so one
     * namespace, holds a hyphen ({@code org.openedx.enterprise.subsidy.redemption-reversed.v1})
     * that Avro's name validation refuses. Use it for writer schemas from a registry too.
     *
     * @throws AvroSchemaException when the text is not a schema
     */
    public static Schema parse(String schemaJson) {
        try {
            return new Schema.Parser(NameValidator.NO_VALIDATION).parse(schemaJson);
        } catch (SchemaParseException e) {
            throw new AvroSchemaException("", "", "Invalid Avro schema: " + e.getMessage());
        }
    }
}
