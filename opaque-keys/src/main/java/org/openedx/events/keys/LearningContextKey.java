package org.openedx.events.keys;

/**
 * A key of something that holds learning content: a course ({@link CourseKey}) or a content
 * library ({@link LibraryLocatorV2}). Upstream's {@code LearningContextKey}.
 */
public sealed interface LearningContextKey extends OpaqueKey permits CourseKey, LibraryLocatorV2 {

    /**
     * Parses any learning context key: {@code course-v1:}, {@code library-v1:}, {@code ccx-v1:},
     * {@code lib:}, the {@code slashes:} alias, or the deprecated {@code org/course/run} form.
     *
     * @throws InvalidKeyException naming {@code LearningContextKey} and the text
     */
    static LearningContextKey parse(String text) {
        return KeyGrammar.parse("LearningContextKey", text, Namespaces.LEARNING_CONTEXT_KEY,
                CourseLocator::parseDeprecated);
    }
}
