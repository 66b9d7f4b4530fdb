package org.openedx.events.avro.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;
import org.openedx.events.keys.CcxLocator;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.keys.LibraryCollectionLocator;
import org.openedx.events.keys.LibraryContainerLocator;
import org.openedx.events.keys.LibraryLocatorV2;
import org.openedx.events.keys.LibraryUsageLocatorV2;
import org.openedx.events.keys.UsageKey;
import org.openedx.events.wire.IsoDateTimes;
import org.openedx.events.wire.PythonUuid;

/**
 * The custom types every serializer knows, as upstream's built-in list: date-times (Python
 * {@code isoformat()} text), UUIDs (lower-case hyphenated) and the seven opaque key types
 * (their text).
 */
public final class BuiltInTypes {

    private BuiltInTypes() {
    }

    /**
     * @param naiveOffset the offset at which text without one is read into an
     *                    {@link OffsetDateTime} field, or null to refuse such text
     */
    public static List<CustomType<?>> all(ZoneOffset naiveOffset) {
        return List.of(
                CustomType.of(OffsetDateTime.class, IsoDateTimes::format,
                        text -> aware(text, naiveOffset), text -> normalizeAware(text, naiveOffset)),
                CustomType.of(LocalDateTime.class, IsoDateTimes::format, BuiltInTypes::naive,
                        text -> IsoDateTimes.format(naive(text))),
                CustomType.of(UUID.class, UUID::toString, PythonUuid::parse),
                CustomType.of(CourseKey.class, CourseKey::toString, CourseKey::parse),
                CustomType.of(UsageKey.class, UsageKey::toString, UsageKey::parse),
                CustomType.of(CcxLocator.class, CcxLocator::toString, CcxLocator::parse),
                CustomType.of(LibraryLocatorV2.class, LibraryLocatorV2::toString, LibraryLocatorV2::parse),
                CustomType.of(LibraryUsageLocatorV2.class, LibraryUsageLocatorV2::toString,
                        LibraryUsageLocatorV2::parse),
                CustomType.of(LibraryCollectionLocator.class, LibraryCollectionLocator::toString,
                        LibraryCollectionLocator::parse),
                CustomType.of(LibraryContainerLocator.class, LibraryContainerLocator::toString,
                        LibraryContainerLocator::parse));
    }

    private static OffsetDateTime aware(String text, ZoneOffset naiveOffset) {
        Temporal value = CanonicalDateTimes.parse(text);
        if (value instanceof OffsetDateTime aware) {
            return aware;
        }
        if (naiveOffset == null) {
            throw new DateTimeException("the date-time has no UTC offset (naive date-times are refused)");
        }
        return ((LocalDateTime) value).atOffset(naiveOffset);
    }

    /** Generic text keeps its form: a naive date-time stays naive unless naive text is refused. */
    private static String normalizeAware(String text, ZoneOffset naiveOffset) {
        Temporal value = CanonicalDateTimes.parse(text);
        if (value instanceof LocalDateTime && naiveOffset == null) {
            throw new DateTimeException("the date-time has no UTC offset (naive date-times are refused)");
        }
        return IsoDateTimes.format(value);
    }

    private static LocalDateTime naive(String text) {
        Temporal value = CanonicalDateTimes.parse(text);
        if (value instanceof LocalDateTime naive) {
            return naive;
        }
        throw new DateTimeException("the date-time has a UTC offset but the field is a LocalDateTime");
    }
}
