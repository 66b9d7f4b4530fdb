package org.openedx.events.keys;

/**
 * An edx-opaque-keys identifier. A key travels as text: {@link #toString()} is its canonical
 * serialized form, {@code <namespace>:<body>}, or the namespace-less text of a deprecated form.
 * Keys are immutable, and two keys are equal when they are of the same class and print the same.
 *
 * <p>Parse a key with the static {@code parse} method of the type you expect, e.g.
 * {@link CourseKey#parse(String)}, or with {@link OpaqueKeys#parse(Class, String)}.
 */
public sealed interface OpaqueKey
        permits LearningContextKey, UsageKey, LibraryCollectionLocator, LibraryContainerLocator {

    /**
     * The canonical namespace of this key's implementation, e.g. {@code course-v1}. A deprecated
     * key reports its implementation's namespace even though its text has none.
     */
    String namespace();

    /** Whether this key was read from, and prints in, a deprecated namespace-less form. */
    default boolean isDeprecated() {
        return false;
    }

    /** The canonical serialized text: parsing it gives an equal key. */
    @Override
    String toString();
}
