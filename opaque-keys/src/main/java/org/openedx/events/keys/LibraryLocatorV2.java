package org.openedx.events.keys;

/**
 * A Learning-Core content library: {@code lib:{org}:{slug}}. The org is ASCII
 * {@code [a-zA-Z0-9_\-.]+}; the slug is {@code [\w\-.]+} and may hold any letters or digits.
 *
 * @param org  the organization
 * @param slug the library's slug
 */
public record LibraryLocatorV2(String org, String slug) implements LearningContextKey {

    static final String NAMESPACE = "lib";

    /**
     * @throws IllegalArgumentException when a part does not match its grammar
     */
    public LibraryLocatorV2 {
        KeyGrammar.require(KeyGrammar.ASCII_FIELD, "org", org);
        KeyGrammar.require(KeyGrammar.UNICODE_FIELD, "slug", slug);
    }

    /**
     * Parses a {@code lib} key.
     *
     * @throws InvalidKeyException naming {@code LibraryLocatorV2} and the text
     */
    public static LibraryLocatorV2 parse(String text) {
        return KeyGrammar.parse("LibraryLocatorV2", text, Namespaces.only(NAMESPACE, LibraryLocatorV2::parseBody),
                null);
    }

    static LibraryLocatorV2 parseBody(String body) {
        String[] parts = KeyGrammar.splitExactly(body, 2);
        return new LibraryLocatorV2(parts[0], parts[1]);
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String toString() {
        return NAMESPACE + ":" + org + ":" + slug;
    }
}
