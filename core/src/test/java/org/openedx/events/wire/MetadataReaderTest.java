package org.openedx.events.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventsMetadata;

/** The reader gives what {@link MetadataCodec#fromFields} gives, for a stream of messages. */
class MetadataReaderTest {

    private static final MetadataCodec CODEC = MetadataCodec.CLOUD_EVENTS_HEADERS;

    private static final EventsMetadata FIRST = EventsMetadata.builder("org.openedx.test.v1")
            .id(UUID.fromString("5e3b9d2e-8a1f-11ee-b9d1-0242ac120002")).source("openedx/cms/web")
            .sourcehost("cms-7").time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 0, ZoneOffset.UTC))
            .sourcelib(List.of(11, 2, 0)).build();

    private final MetadataReader reader = new MetadataReader(CODEC, true);

    private static byte[][] values(Map<String, String> fields) {
        byte[][] values = new byte[CODEC.names().size()][];
        for (int i = 0; i < values.length; i++) {
            String value = fields.get(CODEC.names().get(i));
            values[i] = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }
        return values;
    }

    private static Map<String, String> fields(EventsMetadata metadata, Consumer<Map<String, String>> change) {
        Map<String, String> fields = new LinkedHashMap<>(CODEC.toFields(metadata));
        change.accept(fields);
        return fields;
    }

    @Test
    void aStreamOfMessagesReadsBackAsWritten() {
        List<EventsMetadata> stream = List.of(FIRST,
                FIRST.toBuilder().id(UUID.fromString("6f4cae3f-8a1f-11ee-b9d1-0242ac120002"))
                        .time(OffsetDateTime.of(2023, 1, 1, 14, 0, 1, 123_456_000, ZoneOffset.UTC)).build(),
                FIRST.toBuilder().time(OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 1_000, ZoneOffset.UTC)).build(),
                // each field that is usually the same changes once: the reader must not keep the old value
                FIRST.toBuilder().source("openedx/lms/web").build(),
                FIRST.toBuilder().minorversion(3).build(),
                FIRST.toBuilder().sourcehost("lms-1").build(),
                FIRST.toBuilder().sourcelib(List.of(12, 0)).build(),
                EventsMetadata.builder("org.openedx.other.v1").id(FIRST.id()).time(FIRST.time()).build(),
                FIRST);
        for (EventsMetadata metadata : stream) {
            assertThat(reader.read(values(CODEC.toFields(metadata)))).isEqualTo(metadata);
        }
    }

    @Test
    void unusualButValidTextIsReadAsFromFieldsReadsIt() {
        Map<String, String> unusual = fields(FIRST, f -> {
            f.put("ce_id", "{5E3B9D2E8A1F11EEB9D10242AC120002}");
            f.put("ce_time", "2023-01-01T14:00:00.5Z");
        });
        assertThat(reader.read(values(unusual))).isEqualTo(CODEC.fromFields(unusual::get, true))
                .extracting(EventsMetadata::id, EventsMetadata::time)
                .containsExactly(FIRST.id(), OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 500_000_000, ZoneOffset.UTC));
    }

    @Test
    void aMissingOrEmptyFieldGetsFromFieldsDefault() {
        Map<String, String> noSource = fields(FIRST, f -> f.remove("ce_source"));
        Map<String, String> emptyHost = fields(FIRST, f -> f.put("sourcehost", ""));
        EventsMetadata withoutSource = reader.read(values(noSource));
        EventsMetadata withoutHost = reader.read(values(emptyHost));

        assertThat(withoutSource.source()).isEqualTo(CODEC.fromFields(noSource::get, true).source());
        assertThat(withoutSource).isEqualTo(FIRST.toBuilder().source(withoutSource.source()).build());
        assertThat(withoutHost.sourcehost()).isEqualTo(CODEC.fromFields(emptyHost::get, true).sourcehost());
        assertThat(withoutHost).isEqualTo(FIRST.toBuilder().sourcehost(withoutHost.sourcehost()).build());
    }

    @Test
    void badFieldsFailWithFromFieldsMessages() {
        List<Map<String, String>> bad = List.of(
                fields(FIRST, f -> f.remove("ce_id")),
                fields(FIRST, f -> f.put("ce_id", "not-a-uuid")),
                fields(FIRST, f -> f.put("ce_time", "2023-01-01T14:00:00+02:00")),
                fields(FIRST, f -> f.put("ce_time", "2023-02-30T14:00:00+00:00")),
                fields(FIRST, f -> f.put("ce_minorversion", "one")),
                fields(FIRST, f -> f.put("ce_minorversion", "-1")),
                fields(FIRST, f -> f.put("sourcelib", "11.x")),
                fields(FIRST, f -> f.remove("ce_type")));
        for (Map<String, String> fields : bad) {
            Throwable expected = catchThrowable(() -> CODEC.fromFields(fields::get, true));
            assertThat(expected).as(fields.toString()).isNotNull();
            assertThatThrownBy(() -> reader.read(values(fields))).as(fields.toString())
                    .isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
            // and the next good message is read whole again
            assertThat(reader.read(values(CODEC.toFields(FIRST)))).isEqualTo(FIRST);
        }
    }

    @Test
    void withoutTheIdRequirementAMissingIdIsANewOne() {
        MetadataReader redis = new MetadataReader(MetadataCodec.BARE_FIELDS, false);
        byte[][] values = new byte[7][];
        List<String> names = MetadataCodec.BARE_FIELDS.names();
        Map<String, String> fields = MetadataCodec.BARE_FIELDS.toFields(FIRST);
        for (int i = 0; i < values.length; i++) {
            values[i] = names.get(i).equals("id") ? null : fields.get(names.get(i)).getBytes(StandardCharsets.UTF_8);
        }
        EventsMetadata read = redis.read(values);
        assertThat(read.id()).isNotEqualTo(FIRST.id());
        assertThat(read).isEqualTo(FIRST.toBuilder().id(read.id()).build());
        assertThat(redis.indexOf("sourcelib")).isEqualTo(6);
        assertThat(redis.indexOf("ce_type")).isEqualTo(-1);
    }

    @Test
    void bytesThatAreNotUtf8MakeTheMessageUnusableOnEveryBackend() {
        for (String field : List.of("ce_type", "ce_source", "sourcehost", "sourcelib")) {
            byte[][] values = values(CODEC.toFields(FIRST));
            values[CODEC.names().indexOf(field)] = new byte[] {'a', (byte) 0xff, 'b'};
            assertThatThrownBy(() -> reader.read(values)).as(field).isInstanceOf(UnusableMessageException.class)
                    .hasMessageContaining("is not UTF-8");
            assertThat(reader.read(values(CODEC.toFields(FIRST)))).isEqualTo(FIRST);
        }
    }
}
