package org.openedx.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openedx.events.internal.LibraryVersion;

class EventsMetadataTest {

    private static final String TYPE = "org.openedx.learning.auth.session.login.completed.v1";

    @Test
    void defaultsAreComputedWhereTheObjectIsBuilt() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
        EventsMetadata metadata = EventsMetadata.of(TYPE);

        assertThat(metadata.id().version()).isEqualTo(1);
        assertThat(metadata.id().variant()).isEqualTo(2);
        assertThat(metadata.minorversion()).isZero();
        assertThat(metadata.source()).matches("openedx/.+/web");
        assertThat(metadata.sourcehost()).isNotBlank();
        assertThat(metadata.time().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(metadata.time()).isAfter(before);
        assertThat(metadata.sourcelib()).isEqualTo(LibraryVersion.sourcelib()).isNotEmpty();
        assertThat(metadata.sourcelibText()).matches("\\d+(\\.\\d+)*");
    }

    @Test
    void version1IdsIncreaseInTime() {
        UUID first = EventsMetadata.of(TYPE).id();
        UUID second = EventsMetadata.of(TYPE).id();
        assertThat(second.timestamp()).isGreaterThan(first.timestamp());
        assertThat(second.node()).isEqualTo(first.node());
    }

    @Test
    void timeMustBeUtcAndIsKeptToTheMicrosecond() {
        assertThatThrownBy(() -> EventsMetadata.builder(TYPE)
                .time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 0, ZoneOffset.ofHours(-5))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'time' must have timezone.utc");
        EventsMetadata metadata = EventsMetadata.builder(TYPE)
                .time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 123_456_789, ZoneOffset.UTC)).build();
        assertThat(metadata.time().getNano()).isEqualTo(123_456_000);
        assertThat(metadata.timeText()).isEqualTo("2023-01-01T14:00:00.123456+00:00");
    }

    @Test
    void toJsonMatchesUpstreamLayout() {
        EventsMetadata metadata = EventsMetadata.builder(TYPE)
                .id(UUID.fromString("a1b2c3d4-0000-11ee-8000-0242ac120002"))
                .minorversion(2).source("openedx/lms/web").sourcehost("lms-1")
                .time(OffsetDateTime.of(2023, 1, 1, 14, 0, 0, 0, ZoneOffset.UTC))
                .sourcelib(List.of(11, 2, 0)).build();

        assertThat(metadata.toJson()).isEqualTo("{\"event_type\": \"" + TYPE + "\", "
                + "\"id\": \"a1b2c3d4-0000-11ee-8000-0242ac120002\", \"minorversion\": 2, "
                + "\"source\": \"openedx/lms/web\", \"sourcehost\": \"lms-1\", "
                + "\"time\": \"2023-01-01T14:00:00+00:00\", \"sourcelib\": [11, 2, 0]}");
    }

    @Test
    void fromJsonReadsEverythingButTheMinorVersion() {
        EventsMetadata original = EventsMetadata.builder(TYPE).minorversion(3).sourcelib(List.of(9, 1)).build();

        EventsMetadata read = EventsMetadata.fromJson(original.toJson());

        assertThat(read).isEqualTo(original.toBuilder().minorversion(0).build());
        assertThat(EventsMetadata.fromJsonMap(original.toJsonMap())).isEqualTo(original);
    }

    @Test
    void fromJsonNamesTheBadField() {
        assertThatThrownBy(() -> EventsMetadata.fromJson("{\"event_type\": \"x\", \"id\": \"nope\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> EventsMetadata.fromJson("{\"event_type\": \"x\", \"time\": \"2023-01-01T00:00:00+02:00\"}"))
                .hasMessageContaining("'time'");
        assertThatThrownBy(() -> EventsMetadata.fromJsonMap(java.util.Map.of("event_type", "x", "colour", "red")))
                .hasMessageContaining("'colour'");
    }

    @Test
    void sourcelibMustBeDottedIntegers() {
        assertThat(EventsMetadata.parseSourcelib("11.2.0")).containsExactly(11, 2, 0);
        assertThatThrownBy(() -> EventsMetadata.parseSourcelib("1.0-SNAPSHOT"))
                .hasMessageContaining("dot-separated integers");
    }
}
