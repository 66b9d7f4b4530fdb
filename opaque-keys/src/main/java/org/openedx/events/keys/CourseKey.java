package org.openedx.events.keys;

/**
 * The key of a course-like learning context (upstream {@code CourseKey}): a
 * {@link CourseLocator} ({@code course-v1:}, or the deprecated {@code org/course/run} form), a
 * {@link CcxLocator} ({@code ccx-v1:}) or a legacy {@link LibraryLocator} ({@code library-v1:}).
 */
public sealed interface CourseKey extends LearningContextKey permits CourseLocator, LibraryLocator {

    /** The organization; {@code null} for a key that names only a version. */
    String org();

    /** The course (for a legacy library, its library name); {@code null} for a version-only key. */
    String course();

    /**
     * The run; {@code null} for a version-only key. A legacy library reports {@code library},
     * as upstream does.
     */
    String run();

    /**
     * Parses a course key. Namespaces {@code course-v1}, {@code slashes} (an old alias that
     * prints as {@code course-v1}), {@code ccx-v1} and {@code library-v1} are accepted; any
     * other text is tried as the deprecated {@code org/course/run} form.
     *
     * @throws InvalidKeyException naming {@code CourseKey} and the text
     */
    static CourseKey parse(String text) {
        return KeyGrammar.parse("CourseKey", text, Namespaces.COURSE_KEY, CourseLocator::parseDeprecated);
    }
}
