package org.openedx.events.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventsMetadata;

class MetadataCodecTest {

    private static final EventsMetadata METADATA = EventsMetadata.builder("org.openedx.test.v1")
            .id(UUID.fromString("5e3b9d2e-8a1f-11ee-b9d1-0242ac120002")).source("openedx/cms/web")
            .sourcehost("cms-7").time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 0, ZoneOffset.UTC))
            .sourcelib(List.of(11, 2, 0)).build();

    @Test
    void bareFieldsAreWrittenInRedisOrder() {
        assertThat(MetadataCodec.BARE_FIELDS.toFields(METADATA)).containsExactly(
                Map.entry("type", "org.openedx.test.v1"),
                Map.entry("id", "5e3b9d2e-8a1f-11ee-b9d1-0242ac120002"),
                Map.entry("source", "openedx/cms/web"),
                Map.entry("time", "2023-01-01T14:00:00+00:00"),
                Map.entry("minorversion", "0"),
                Map.entry("sourcehost", "cms-7"),
                Map.entry("sourcelib", "11.2.0"));
    }

    @Test
    void cloudEventHeadersRoundTrip() {
        Map<String, String> headers = MetadataCodec.CLOUD_EVENTS_HEADERS.toFields(METADATA);
        assertThat(headers.keySet()).containsExactly("ce_type", "ce_id", "ce_source", "ce_time", "ce_minorversion",
                "sourcehost", "sourcelib");
        assertThat(MetadataCodec.CLOUD_EVENTS_HEADERS.fromFields(headers::get, true)).isEqualTo(METADATA);
    }

    @Test
    void missingFieldsGetTheConsumersDefaultsButTheTypeIsRequired() {
        Map<String, String> fields = new HashMap<>(Map.of("type", "org.openedx.test.v1", "source", ""));
        EventsMetadata read = MetadataCodec.BARE_FIELDS.fromFields(fields::get, false);
        assertThat(read.id().version()).isEqualTo(1);
        assertThat(read.source()).endsWith("/web");

        assertThatThrownBy(() -> MetadataCodec.CLOUD_EVENTS_HEADERS.fromFields(Map.of("ce_type", "t")::get, true))
                .isInstanceOf(UnusableMessageException.class).hasMessageContaining("ce_id");
        assertThatThrownBy(() -> MetadataCodec.BARE_FIELDS.fromFields(Map.<String, String>of()::get, false))
                .isInstanceOf(UnusableMessageException.class).hasMessageContaining("\"type\"");
    }

    @Test
    void badValuesMakeTheMessageUnusable() {
        Map<String, String> fields = new HashMap<>(MetadataCodec.BARE_FIELDS.toFields(METADATA));
        fields.put("time", "2023-01-01T14:00:00+01:00");
        assertThatThrownBy(() -> MetadataCodec.BARE_FIELDS.fromFields(fields::get, false))
                .isInstanceOf(UnusableMessageException.class)
                .hasMessageStartingWith("Error determining metadata from message headers")
                .hasMessageContaining("timezone.utc");
        fields.put("time", "2023-01-01T14:00:00+00:00");
        fields.put("sourcelib", "1.0-SNAPSHOT");
        assertThatThrownBy(() -> MetadataCodec.BARE_FIELDS.fromFields(fields::get, false))
                .hasMessageContaining("sourcelib");
    }
}
