package org.openedx.events.keys;

/**
 * A collection in a Learning-Core content library:
 * {@code lib-collection:{org}:{slug}:{collection_id}}, the id being {@code [\w\-.]+}.
 *
 * @param libKey       the library
 * @param collectionId the collection's id in the library
 */
public record LibraryCollectionLocator(LibraryLocatorV2 libKey, String collectionId) implements OpaqueKey {

    static final String NAMESPACE = "lib-collection";

    /**
     * @throws IllegalArgumentException when the id does not match its grammar
     */
    public LibraryCollectionLocator {
        if (libKey == null) {
            throw new NullPointerException("libKey");
        }
        KeyGrammar.require(KeyGrammar.UNICODE_FIELD, "collection_id", collectionId);
    }

    /**
     * Parses a {@code lib-collection} key.
     *
     * @throws InvalidKeyException naming {@code LibraryCollectionLocator} and the text
     */
    public static LibraryCollectionLocator parse(String text) {
        return KeyGrammar.parse("LibraryCollectionLocator", text,
                Namespaces.only(NAMESPACE, LibraryCollectionLocator::parseBody), null);
    }

    static LibraryCollectionLocator parseBody(String body) {
        String[] parts = KeyGrammar.splitExactly(body, 3);
        return new LibraryCollectionLocator(new LibraryLocatorV2(parts[0], parts[1]), parts[2]);
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
        return NAMESPACE + ":" + libKey.org() + ":" + libKey.slug() + ":" + collectionId;
    }
}
