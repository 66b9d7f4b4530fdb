package org.openedx.events.wire;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    /** A year of up to 11 characters, the rest of a local time (23), an offset with seconds (9). */
    private static final int MAX_LENGTH = 43;

    private IsoDateTimes() {
    }

    /** Python {@code isoformat()} of an aware value, truncated to microseconds. */
    public static String format(OffsetDateTime value) {
        char[] text = new char[MAX_LENGTH];
        int end = writeLocal(text, value.toLocalDateTime());
        int offsetSeconds = value.getOffset().getTotalSeconds();
        text[end++] = offsetSeconds < 0 ? '-' : '+';
        int abs = Math.abs(offsetSeconds);
        end = write2(text, end, abs / 3600);
        text[end++] = ':';
        end = write2(text, end, abs / 60 % 60);
        if (abs % 60 != 0) {
            text[end++] = ':';
            end = write2(text, end, abs % 60);
        }
        return new String(text, 0, end);
    }

    /** Python {@code isoformat()} of a naive value (no offset), truncated to microseconds. */
    public static String format(LocalDateTime value) {
        char[] text = new char[MAX_LENGTH];
        return new String(text, 0, writeLocal(text, value));
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

    /** The shape {@link #format} writes, or null (see {@link #parseAsWritten(byte[])}). */
    private static Temporal parseAsWritten(String text) {
        int length = text == null ? 0 : text.length();
        return length == 19 || length == 25 || length == 26 || length == 32
                ? parseAsWritten(text.getBytes(StandardCharsets.ISO_8859_1)) : null;
    }

    /**
     * An aware UTC time in the shape {@link #format} writes ({@code yyyy-MM-ddTHH:mm:ss[.ffffff]+00:00}),
     * read from its ASCII bytes; null for anything else.
     */
    static OffsetDateTime parseUtcAsWritten(byte[] text) {
        return parseAsWritten(text) instanceof OffsetDateTime time && time.getOffset() == ZoneOffset.UTC ? time : null;
    }

    /**
     * The shape {@link #format} writes ({@code yyyy-MM-ddTHH:mm:ss[.ffffff][+HH:MM]}), read
     * without the regular expression because consumers parse one per message; null for any
     * other text or an invalid value, which {@link #parse} then reads or reports.
     */
    private static Temporal parseAsWritten(byte[] text) {
        int length = text == null ? 0 : text.length;
        boolean fraction = length == 26 || length == 32;
        boolean offset = length == 25 || length == 32;
        if (!(length == 19 || fraction || offset) || text[4] != '-' || text[7] != '-'
                || text[10] != 'T' && text[10] != ' ' || text[13] != ':' || text[16] != ':'
                || fraction && text[19] != '.') {
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
        byte sign = offset ? text[zone] : (byte) '+';
        int offsetHours = offset ? digits(text, zone + 1, 2) : 0;
        int offsetMinutes = offset ? digits(text, zone + 4, 2) : 0;
        if ((year | month | day | hour | minute | second | micros | offsetHours | offsetMinutes) < 0
                || offset && (sign != '+' && sign != '-' || text[zone + 3] != ':')) {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
            if (!offset) {
                return local;
            }
            if (offsetHours == 0 && offsetMinutes == 0) {
                return OffsetDateTime.of(local, ZoneOffset.UTC);
            }
            int direction = sign == '-' ? -1 : 1;
            return OffsetDateTime.of(local, ZoneOffset.ofHoursMinutes(direction * offsetHours,
                    direction * offsetMinutes));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal value of {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(byte[] text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int c = text[i];
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

    /**
     * Writes {@code yyyy-MM-ddTHH:mm:ss[.ffffff]} into {@code text} (written digit by digit: events are
     * formatted on every send); returns the end.
     */
    private static int writeLocal(char[] text, LocalDateTime value) {
        int end = 0;
        int year = value.getYear();
        if (year >= 0 && year <= 9999) {
            end = write2(text, write2(text, end, year / 100), year % 100);
        } else {
            String digits = Integer.toString(year);
            digits.getChars(0, digits.length(), text, 0);
            end = digits.length();
        }
        text[end++] = '-';
        end = write2(text, end, value.getMonthValue());
        text[end++] = '-';
        end = write2(text, end, value.getDayOfMonth());
        text[end++] = 'T';
        end = write2(text, end, value.getHour());
        text[end++] = ':';
        end = write2(text, end, value.getMinute());
        text[end++] = ':';
        end = write2(text, end, value.getSecond());
        int micros = value.getNano() / 1000;
        if (micros != 0) {
            text[end++] = '.';
            for (int i = end + 5; i >= end; i--) {
                text[i] = (char) ('0' + micros % 10);
                micros /= 10;
            }
            end += 6;
        }
        return end;
    }

    private static int write2(char[] text, int at, int value) {
        text[at] = (char) ('0' + value / 10);
        text[at + 1] = (char) ('0' + value % 10);
        return at + 2;
    }
}
