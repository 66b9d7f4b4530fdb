package org.openedx.events.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IsoDateTimesTest {

    @Test
    void formatsAsPythonIsoformat() {
        assertThat(IsoDateTimes.format(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("2023-05-01T12:00:00+00:00");
        assertThat(IsoDateTimes.format(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 123_000, ZoneOffset.UTC)))
                .isEqualTo("2023-05-01T12:00:00.000123+00:00");
        assertThat(IsoDateTimes.format(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 999, ZoneOffset.UTC)))
                .isEqualTo("2023-05-01T12:00:00+00:00");
        assertThat(IsoDateTimes.format(LocalDateTime.of(2023, 5, 1, 12, 0)))
                .isEqualTo("2023-05-01T12:00:00");
        assertThat(IsoDateTimes.format(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-5))))
                .isEqualTo("2023-05-01T12:00:00-05:00");
        assertThat(IsoDateTimes.format(OffsetDateTime.of(987, 11, 9, 8, 7, 6, 540_000_000,
                ZoneOffset.ofHoursMinutesSeconds(5, 30, 15)))).isEqualTo("0987-11-09T08:07:06.540000+05:30:15");
        assertThat(IsoDateTimes.format(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999)))
                .isEqualTo("9999-12-31T23:59:59.999999");
    }

    @Test
    void readsUtcTimeStraightFromItsBytes() {
        assertThat(IsoDateTimes.parseUtcAsWritten("2023-05-01T12:00:00.000123+00:00".getBytes()))
                .isEqualTo(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 123_000, ZoneOffset.UTC));
        assertThat(IsoDateTimes.parseUtcAsWritten("2023-05-01T12:00:00+00:00".getBytes()))
                .isEqualTo(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC));
        // anything else is left to the full parser
        for (String other : new String[] {"2023-05-01T12:00:00-05:00", "2023-05-01T12:00:00", "2023-05-01T12:00:00Z",
                "2023-02-29T12:00:00+00:00", "2023-05-01T12:00:0x+00:00", ""}) {
            assertThat(IsoDateTimes.parseUtcAsWritten(other.getBytes())).as(other).isNull();
        }
        assertThat(IsoDateTimes.parseUtcAsWritten(null)).isNull();
    }

    @Test
    void parsesWhatFromisoformatAccepts() {
        OffsetDateTime noon = OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(IsoDateTimes.parse("2023-05-01T12:00:00+00:00")).isEqualTo(noon);
        assertThat(IsoDateTimes.parse("2023-05-01T12:00:00Z")).isEqualTo(noon);
        assertThat(IsoDateTimes.parse("2023-05-01 12:00:00+0000")).isEqualTo(noon);
        assertThat(IsoDateTimes.parse("2023-05-01T12:00:00.1234567+00:00"))
                .isEqualTo(noon.withNano(123_456_000));
        assertThat(IsoDateTimes.parse("2023-05-01T12:00")).isEqualTo(LocalDateTime.of(2023, 5, 1, 12, 0));
        assertThat(IsoDateTimes.parse("2023-05-01")).isEqualTo(LocalDateTime.of(2023, 5, 1, 0, 0));
    }

    @Test
    void roundTripsItsOwnText() {
        for (String text : new String[] {"2023-05-01T12:00:00+00:00", "1999-12-31T23:59:59.000001+00:00",
                "2023-05-01T12:00:00-05:30", "2023-05-01T12:00:00"}) {
            assertThat(IsoDateTimes.format(IsoDateTimes.parse(text))).isEqualTo(text);
        }
    }

    @Test
    void badTextIsNamed() {
        assertThatThrownBy(() -> IsoDateTimes.parse("yesterday"))
                .isInstanceOf(DateTimeException.class).hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> IsoDateTimes.parse("2023-13-01T00:00:00"))
                .isInstanceOf(DateTimeException.class).hasMessageContaining("2023-13-01");
        assertThatThrownBy(() -> IsoDateTimes.parseAware("2023-05-01T12:00:00"))
                .hasMessageContaining("no UTC offset");
    }
}
