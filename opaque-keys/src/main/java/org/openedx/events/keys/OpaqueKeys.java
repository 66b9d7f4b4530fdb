package org.openedx.events.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Parsing by declared type, for code that reads keys reflectively (for example a deserializer
 * that finds a {@link CourseKey} record component and has its text).
 */
public final class OpaqueKeys {

    private static final Map<Class<? extends OpaqueKey>, Function<String, ? extends OpaqueKey>> PARSERS =
            parsers();

    private OpaqueKeys() {
    }

    private static Map<Class<? extends OpaqueKey>, Function<String, ? extends OpaqueKey>> parsers() {
        Map<Class<? extends OpaqueKey>, Function<String, ? extends OpaqueKey>> parsers = new LinkedHashMap<>();
        parsers.put(LearningContextKey.class, LearningContextKey::parse);
        parsers.put(CourseKey.class, CourseKey::parse);
        parsers.put(CourseLocator.class, CourseLocator::parse);
        parsers.put(CcxLocator.class, CcxLocator::parse);
        parsers.put(LibraryLocator.class, LibraryLocator::parse);
        parsers.put(UsageKey.class, UsageKey::parse);
        parsers.put(BlockUsageLocator.class, BlockUsageLocator::parse);
        parsers.put(LibraryUsageLocator.class, LibraryUsageLocator::parse);
        parsers.put(CcxBlockUsageLocator.class, CcxBlockUsageLocator::parse);
        parsers.put(LibraryLocatorV2.class, LibraryLocatorV2::parse);
        parsers.put(LibraryUsageLocatorV2.class, LibraryUsageLocatorV2::parse);
        parsers.put(LibraryCollectionLocator.class, LibraryCollectionLocator::parse);
        parsers.put(LibraryContainerLocator.class, LibraryContainerLocator::parse);
        return parsers;
    }

    /** Every key type that has a parser, abstract and concrete. */
    public static Set<Class<? extends OpaqueKey>> parseableTypes() {
        return Set.copyOf(PARSERS.keySet());
    }

    /** Whether {@code type} is a key type that {@link #parse(Class, String)} accepts. */
    public static boolean isParseable(Class<?> type) {
        return PARSERS.containsKey(type);
    }

    /**
     * Parses text as the given key type, with that type's own {@code parse} method.
     *
     * @throws InvalidKeyException when the text is not a key of that type
     * @throws IllegalArgumentException when the type has no parser (e.g. {@link OpaqueKey} itself)
     */
    public static <K extends OpaqueKey> K parse(Class<K> type, String text) {
        Objects.requireNonNull(type, "type");
        Function<String, ? extends OpaqueKey> parser = PARSERS.get(type);
        if (parser == null) {
            throw new IllegalArgumentException("No parser for key type " + type.getName());
        }
        return type.cast(parser.apply(text));
    }
}
