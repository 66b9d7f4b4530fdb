package org.openedx.events.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.Nullable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.avro.fixtures.TestSignals;

class CustomTypeTest {

    /** A user's own key type: text {@code sku:<code>}, code in upper case. */
    static final class Sku {
        private final String code;

        private Sku(String code) {
            this.code = code;
        }

        static Sku parse(String text) {
            if (!text.toLowerCase(Locale.ROOT).startsWith("sku:") || text.length() == 4) {
                throw new IllegalArgumentException("not a SKU");
            }
            return new Sku(text.substring(4).toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return "sku:" + code;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Sku that && code.equals(that.code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code);
        }
    }

    record Product(Sku sku, @Nullable Sku previous, UUID id) {
    }

    record Catalog(List<Sku> skus) {
    }

    static final OpenEdxPublicSignal PRODUCT = TestSignals.signal("org.openedx.test.avro.product.v1", "product",
            Product.class);
    static final OpenEdxPublicSignal CATALOG = TestSignals.signal("org.openedx.test.avro.catalog.v1", "catalog",
            Catalog.class);

    private final AvroEventSerializer avro = AvroEventSerializer.builder()
            .customType(Sku.class, Sku::toString, Sku::parse)
            .build();

    @Test
    void unregisteredTypeHasNoSchema() {
        assertThatThrownBy(() -> AvroEventSerializer.defaults().schema(PRODUCT))
                .isInstanceOf(AvroSchemaException.class)
                .hasMessageContaining("field 'product.sku'")
                .hasMessageContaining(Sku.class.getName());
    }

    @Test
    void registeredTypeIsAString() {
        assertThat(avro.schemaString(PRODUCT)).contains("{\"name\": \"sku\", \"type\": \"string\"}",
                "{\"default\": null, \"name\": \"previous\", \"type\": [\"null\", \"string\"]}");
    }

    @Test
    void registeredTypeRoundTrips() {
        EventData data = EventData.of("product", new Product(Sku.parse("sku:ab1"), null, UUID.randomUUID()));

        byte[] bytes = avro.serialize(PRODUCT, data);

        assertThat(bytes).startsWith(Hex.bytes("0e \"sku:AB1\" 00"));
        assertThat(avro.deserialize(PRODUCT, bytes)).isEqualTo(data);
    }

    @Test
    void genericTextIsCheckedAndNormalizedWithTheType() {
        Map<String, Object> product = Map.of("product", Map.of("sku", "SKU:ab1", "id",
                "123e4567-e89b-12d3-a456-426614174000"));

        byte[] bytes = avro.serializeGeneric(PRODUCT, product);

        assertThat(((Map<?, ?>) avro.deserializeGeneric(PRODUCT, bytes).get("product")).get("sku")).isEqualTo("sku:AB1");
        assertThatThrownBy(() -> avro.serializeGeneric(PRODUCT, Map.of("product", Map.of("sku", "nope", "id",
                "123e4567-e89b-12d3-a456-426614174000"))))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("field 'product.sku'")
                .hasMessageContaining("invalid Sku 'nope': not a SKU");
    }

    @Test
    void invalidTextOnDecodeNamesTheField() {
        assertThatThrownBy(() -> avro.deserialize(PRODUCT, Hex.bytes("02 \"x\" 00 00")))
                .isInstanceOf(AvroSerializationException.class)
                .hasMessageContaining("field 'product.sku'")
                .hasMessageContaining("invalid Sku 'x'");
    }

    @Test
    void customTypesAreNotAllowedInLists() {
        assertThatThrownBy(() -> avro.schema(CATALOG))
                .isInstanceOf(AvroSchemaException.class)
                .hasMessageContaining("field 'catalog.skus'")
                .hasMessageContaining("not supported for list items");
    }

    @Test
    void builtInTypeCanBeReplaced() {
        AvroEventSerializer upperUuids = avro.toBuilder()
                .customType(UUID.class, id -> id.toString().toUpperCase(Locale.ROOT), UUID::fromString)
                .build();
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

        byte[] bytes = upperUuids.serialize(PRODUCT, EventData.of("product", new Product(Sku.parse("sku:a"), null, id)));

        assertThat(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII))
                .contains("123E4567-E89B-12D3-A456-426614174000");
        assertThat(avro.deserialize(PRODUCT, bytes).get("product", Product.class).id()).isEqualTo(id);
    }

    @Test
    void defaultsAreSharedAndUnaffectedByBuilders() {
        assertThat(AvroEventSerializer.defaults()).isSameAs(AvroEventSerializer.defaults());
        assertThat(avro).isNotSameAs(AvroEventSerializer.defaults());
        assertThatThrownBy(() -> AvroEventSerializer.defaults().schema(PRODUCT)).isInstanceOf(AvroSchemaException.class);
    }
}
