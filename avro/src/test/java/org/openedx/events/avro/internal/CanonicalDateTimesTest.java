package org.openedx.events.avro.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openedx.events.wire.IsoDateTimes;

class CanonicalDateTimesTest {

    @Test
    void agreesWithIsoDateTimesOnFormattedValues() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime local = LocalDateTime.of(1 + random.nextInt(9999), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextBoolean() ? 0 : random.nextInt(1_000_000) * 1000);
            Temporal value = switch (random.nextInt(3)) {
                case 0 -> local;
                case 1 -> local.atOffset(ZoneOffset.UTC);
                default -> local.atOffset(ZoneOffset.ofHoursMinutes(random.nextInt(29) - 14,
                        0));
            };
            String text = IsoDateTimes.format(value);

            assertThat(CanonicalDateTimes.parse(text)).as(text).isEqualTo(IsoDateTimes.parse(text)).isEqualTo(value);
        }
    }

    @Test
    void otherFormsGoToTheFullParser() {
        for (String text : List.of("2023-05-01T12:00:00Z", "2023-05-01 12:00:00+00:00", "2023-05-01",
                "2023-05-01T12:00:00.5", "2023-05-01T12:00:00.1234567+00:00", "2023-05-01T12:00:00+0530",
                "2023-05-01T12:00:00-05:30", "2023-05-01T12:00:00.000001-00:00", "2023-05-01T12:00")) {
            assertThat(CanonicalDateTimes.parse(text)).as(text).isEqualTo(IsoDateTimes.parse(text));
        }
        assertThat(CanonicalDateTimes.parse("2023-05-01T12:00:00-05:30"))
                .isEqualTo(OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30)));
    }

    @Test
    void invalidTextFailsAsTheFullParserDoes() {
        for (String text : List.of("2023-13-01T12:00:00+00:00", "2023-02-30T12:00:00", "2023-05-01T25:00:00",
                "2023-05-01T12:00:00+99:00", "2023-05-01T12:0a:00+00:00", "x023-05-01T12:00:00", "",
                "2023-05-01T12:00:00+00:0x", "2023-05-01T12:00:00.12345a+00:00")) {
            assertThatThrownBy(() -> IsoDateTimes.parse(text)).as(text).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> CanonicalDateTimes.parse(text)).as(text).isInstanceOf(RuntimeException.class);
        }
    }
}
