package org.openedx.events.wire;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.Temporal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date-time text exactly as Python writes it with {@code datetime.isoformat()} and reads it
 * with {@code datetime.fromisoformat()}: seconds always present, six fraction digits only
 * when the microseconds are not zero, {@code +00:00} rather than {@code Z}, no offset for
 * naive values. Java's ISO formatters differ on each of these points.
 */
public final class IsoDateTimes {

    private static final Pattern TEXT = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})"
                    + "(?:[T ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?"
                    + "(Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2}(?:\\.\\d{1,6})?)?)?)?)?");

    private IsoDateTimes() {
    }

    /** Python {@code isoformat()} of an aware value, truncated to microseconds. */
    public static String format(OffsetDateTime value) {
        StringBuilder text = new StringBuilder(32);
        appendLocal(text, value.toLocalDateTime());
        int offsetSeconds = value.getOffset().getTotalSeconds();
        text.append(offsetSeconds < 0 ? '-' : '+');
        int abs = Math.abs(offsetSeconds);
        pad2(text, abs / 3600).append(':');
        pad2(text, abs / 60 % 60);
        if (abs % 60 != 0) {
            text.append(':');
            pad2(text, abs % 60);
        }
        return text.toString();
    }

    /** Python {@code isoformat()} of a naive value (no offset), truncated to microseconds. */
    public static String format(LocalDateTime value) {
        StringBuilder text = new StringBuilder(26);
        appendLocal(text, value);
        return text.toString();
    }

    /** Formats an {@link OffsetDateTime} or {@link LocalDateTime}. */
    public static String format(Temporal value) {
        if (value instanceof OffsetDateTime aware) {
            return format(aware);
        }
        if (value instanceof LocalDateTime naive) {
            return format(naive);
        }
        throw new IllegalArgumentException("Not a date-time: " + value.getClass().getName());
    }

    /**
     * Parses what Python's {@code fromisoformat} accepts (the common forms): an
     * {@link OffsetDateTime} when the text has an offset, a {@link LocalDateTime} when not.
     *
     * @throws DateTimeException naming the text when it is not a date-time
     */
    public static Temporal parse(String text) {
        Temporal written = parseAsWritten(text);
        if (written != null) {
            return written;
        }
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new DateTimeException("Invalid isoformat string: '" + text + "'");
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            int micros = 0;
            if (m.group(7) != null) {
                String digits = (m.group(7) + "000000").substring(0, 6);
                micros = Integer.parseInt(digits);
            }
            LocalDateTime local = LocalDateTime.of(date, LocalTime.of(hour, minute, second, micros * 1000));
            String offset = m.group(8);
            if (offset == null) {
                return local;
            }
            return OffsetDateTime.of(local, parseOffset(offset));
        } catch (DateTimeException e) {
            throw new DateTimeException("Invalid isoformat string: '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * The shape {@link #format} writes ({@code yyyy-MM-ddTHH:mm:ss[.ffffff][+HH:MM]}), read
     * without the regular expression because consumers parse one per message; null for any
     * other text or an invalid value, which {@link #parse} then reads or reports.
     */
    private static Temporal parseAsWritten(String text) {
        int length = text == null ? 0 : text.length();
        boolean fraction = length == 26 || length == 32;
        boolean offset = length == 25 || length == 32;
        if (!(length == 19 || fraction || offset) || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' && text.charAt(10) != ' ' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || fraction && text.charAt(19) != '.') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int micros = fraction ? digits(text, 20, 6) : 0;
        int zone = length - 6;
        char sign = offset ? text.charAt(zone) : '+';
        int offsetHours = offset ? digits(text, zone + 1, 2) : 0;
        int offsetMinutes = offset ? digits(text, zone + 4, 2) : 0;
        if ((year | month | day | hour | minute | second | micros | offsetHours | offsetMinutes) < 0
                || offset && (sign != '+' && sign != '-' || text.charAt(zone + 3) != ':')) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
            if (!offset) {
                return local;
            }
            int direction = sign == '-' ? -1 : 1;
            return OffsetDateTime.of(local, ZoneOffset.ofHoursMinutes(direction * offsetHours,
                    direction * offsetMinutes));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Parses text that must carry an offset; naive text is an error naming the text. */
    public static OffsetDateTime parseAware(String text) {
        Temporal value = parse(text);
        if (value instanceof OffsetDateTime aware) {
            return aware;
        }
        throw new DateTimeException("Date-time '" + text + "' has no UTC offset");
    }

    private static ZoneOffset parseOffset(String offset) {
        if (offset.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = offset.substring(1).replace(":", "");
        int dot = digits.indexOf('.');
        if (dot >= 0) {
            digits = digits.substring(0, dot);
        }
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
        int seconds = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
        int sign = offset.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
    }

    private static void appendLocal(StringBuilder text, LocalDateTime value) {
        LocalDateTime micros = value.truncatedTo(ChronoUnit.MICROS);
        int year = micros.getYear();
        if (year < 1000) {
            text.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        text.append(year).append('-');
        pad2(text, micros.getMonthValue()).append('-');
        pad2(text, micros.getDayOfMonth()).append('T');
        pad2(text, micros.getHour()).append(':');
        pad2(text, micros.getMinute()).append(':');
        pad2(text, micros.getSecond());
        int fraction = micros.getNano() / 1000;
        if (fraction != 0) {
            String digits = Integer.toString(fraction);
            text.append('.').append("000000", 0, 6 - digits.length()).append(digits);
        }
    }

    private static StringBuilder pad2(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        return text.append(value);
    }
}
