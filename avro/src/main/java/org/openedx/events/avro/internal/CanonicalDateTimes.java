package org.openedx.events.avro.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import org.openedx.events.wire.IsoDateTimes;

/**
 * A fast reader for the date-time text Python's {@code isoformat()} writes, the form nearly
 * every message carries: {@code YYYY-MM-DDTHH:MM:SS}, optionally {@code .ffffff}, optionally
 * {@code ±HH:MM}. Any other text goes to {@link IsoDateTimes#parse}, which accepts everything
 * Python's {@code fromisoformat} does, so results are the same; only the regex is skipped.
 */
final class CanonicalDateTimes {

    private CanonicalDateTimes() {
    }

    static Temporal parse(String text) {
        int length = text.length();
        if (length != 19 && length != 25 && length != 26 && length != 32) {
            return IsoDateTimes.parse(text);
        }
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return IsoDateTimes.parse(text);
        }
        int fractionEnd = 19;
        int micros = 0;
        if (length >= 26 && text.charAt(19) == '.') {
            micros = digits(text, 20, 26);
            fractionEnd = 26;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second | micros) < 0) {
            return IsoDateTimes.parse(text);
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
        } catch (DateTimeException e) {
            return IsoDateTimes.parse(text);
        }
        if (fractionEnd == length) {
            return local;
        }
        if (length - fractionEnd != 6 || text.charAt(fractionEnd + 3) != ':') {
            return IsoDateTimes.parse(text);
        }
        char sign = text.charAt(fractionEnd);
        int offsetHours = digits(text, fractionEnd + 1, fractionEnd + 3);
        int offsetMinutes = digits(text, fractionEnd + 4, fractionEnd + 6);
        if ((sign != '+' && sign != '-') || (offsetHours | offsetMinutes) < 0 || offsetHours > 17
                || offsetMinutes > 59) {
            return IsoDateTimes.parse(text);
        }
        int seconds = offsetHours * 3600 + offsetMinutes * 60;
        return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(sign == '-' ? -seconds : seconds));
    }

    /** The ASCII digits in {@code [start, end)} as a number, or -1 when one is not a digit. */
    private static int digits(String text, int start, int end) {
        int value = 0;
        for (int i = start; i < end; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
