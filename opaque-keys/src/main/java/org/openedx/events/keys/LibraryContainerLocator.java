package org.openedx.events.keys;

/**
 * A container (e.g. a unit) in a Learning-Core content library:
 * {@code lct:{org}:{slug}:{container_type}:{container_id}}. The type is ASCII
 * {@code [a-zA-Z0-9_\-.]+}; the id is {@code [\w\-.]+}.
 *
 * @param libKey        the library
 * @param containerType the container type, e.g. {@code unit}
 * @param containerId   the container's id in the library
 */
public record LibraryContainerLocator(LibraryLocatorV2 libKey, String containerType, String containerId)
        implements OpaqueKey {

    static final String NAMESPACE = "lct";

    /**
     * @throws IllegalArgumentException when a part does not match its grammar
     */
    public LibraryContainerLocator {
        if (libKey == null) {
            throw new NullPointerException("libKey");
        }
        KeyGrammar.require(KeyGrammar.ASCII_FIELD, "container_type", containerType);
        KeyGrammar.require(KeyGrammar.UNICODE_FIELD, "container_id", containerId);
    }

    /**
     * Parses an {@code lct} key.
     *
     * @throws InvalidKeyException naming {@code LibraryContainerLocator} and the text
     */
    public static LibraryContainerLocator parse(String text) {
        return KeyGrammar.parse("LibraryContainerLocator", text,
                Namespaces.only(NAMESPACE, LibraryContainerLocator::parseBody), null);
    }

    static LibraryContainerLocator parseBody(String body) {
        String[] parts = KeyGrammar.splitExactly(body, 4);
        return new LibraryContainerLocator(new LibraryLocatorV2(parts[0], parts[1]), parts[2], parts[3]);
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    /** The organization of the library. */
    public String org() {
        return libKey.org();
    }

    /** The library, upstream's {@code context_key}. */
    public LibraryLocatorV2 contextKey() {
        return libKey;
    }

    @Override
    public String toString() {
        return NAMESPACE + ":" + libKey.org() + ":" + libKey.slug() + ":" + containerType + ":" + containerId;
    }
}
