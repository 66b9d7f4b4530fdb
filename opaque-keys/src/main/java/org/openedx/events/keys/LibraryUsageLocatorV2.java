package org.openedx.events.keys;

/**
 * An XBlock in a Learning-Core content library: {@code lb:{org}:{slug}:{block_type}:{usage_id}}.
 * The block type is ASCII {@code [a-zA-Z0-9_\-.]+}; the usage id is {@code [\w\-.]+}.
 *
 * @param libKey    the library
 * @param blockType the XBlock type
 * @param usageId   the block's id in the library
 */
public record LibraryUsageLocatorV2(LibraryLocatorV2 libKey, String blockType, String usageId) implements UsageKey {

    static final String NAMESPACE = "lb";

    /**
     * @throws IllegalArgumentException when a part does not match its grammar
     */
    public LibraryUsageLocatorV2 {
        if (libKey == null) {
            throw new NullPointerException("libKey");
        }
        KeyGrammar.require(KeyGrammar.ASCII_FIELD, "block_type", blockType);
        KeyGrammar.require(KeyGrammar.UNICODE_FIELD, "usage_id", usageId);
    }

    /**
     * Parses an {@code lb} key.
     *
     * @throws InvalidKeyException naming {@code LibraryUsageLocatorV2} and the text
     */
    public static LibraryUsageLocatorV2 parse(String text) {
        return KeyGrammar.parse("LibraryUsageLocatorV2", text,
                Namespaces.only(NAMESPACE, LibraryUsageLocatorV2::parseBody), null);
    }

    static LibraryUsageLocatorV2 parseBody(String body) {
        String[] parts = KeyGrammar.splitExactly(body, 4);
        return new LibraryUsageLocatorV2(new LibraryLocatorV2(parts[0], parts[1]), parts[2], parts[3]);
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    /** The usage id, under the name every usage key shares. */
    @Override
    public String blockId() {
        return usageId;
    }

    @Override
    public LibraryLocatorV2 contextKey() {
        return libKey;
    }

    @Override
    public String toString() {
        return NAMESPACE + ":" + libKey.org() + ":" + libKey.slug() + ":" + blockType + ":" + usageId;
    }
}
