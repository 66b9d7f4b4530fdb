package org.openedx.events.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which namespaces each key type accepts: upstream's entry points, filtered to the
 * implementations that are subtypes of the requested type.
 */
final class Namespaces {

    static final Map<String, Function<String, CourseLocator>> COURSE_LOCATOR = Map.of(
            CourseLocator.NAMESPACE, CourseLocator::parseBody,
            // An old entry point name for CourseLocator; such keys print as course-v1.
            "slashes", CourseLocator::parseBody,
            CcxLocator.NAMESPACE, CcxLocator::parseBody);

    static final Map<String, Function<String, ? extends CourseKey>> COURSE_KEY = with(COURSE_LOCATOR,
            LibraryLocator.NAMESPACE, LibraryLocator::parseBody);

    static final Map<String, Function<String, ? extends LearningContextKey>> LEARNING_CONTEXT_KEY = with(COURSE_KEY,
            LibraryLocatorV2.NAMESPACE, LibraryLocatorV2::parseBody);

    static final Map<String, Function<String, ? extends BlockUsageLocator>> BLOCK_USAGE_LOCATOR = Map.of(
            BlockUsageLocator.NAMESPACE, BlockUsageLocator::parseBody,
            LibraryUsageLocator.NAMESPACE, LibraryUsageLocator::parseBody,
            CcxBlockUsageLocator.NAMESPACE, CcxBlockUsageLocator::parseBody);

    static final Map<String, Function<String, ? extends UsageKey>> USAGE_KEY = with(BLOCK_USAGE_LOCATOR,
            LibraryUsageLocatorV2.NAMESPACE, LibraryUsageLocatorV2::parseBody);

    private Namespaces() {
    }

    static <K> Map<String, Function<String, ? extends K>> only(String namespace, Function<String, ? extends K> parser) {
        return Map.of(namespace, parser);
    }

    private static <K> Map<String, Function<String, ? extends K>> with(
            Map<String, ? extends Function<String, ? extends K>> base, String namespace,
            Function<String, ? extends K> parser) {
        Map<String, Function<String, ? extends K>> all = new LinkedHashMap<>(base);
        all.put(namespace, parser);
        return Map.copyOf(all);
    }
}
