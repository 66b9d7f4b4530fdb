package org.openedx.events.keys;

import java.util.regex.Matcher;

/**
 * An XBlock in a legacy (v1) library:
 * {@code lib-block-v1:{org}+{library}[+branch@…][+version@…]+type@{block_type}+block@{block_id}}.
 * It is never deprecated.
 */
public final class LibraryUsageLocator extends BlockUsageLocator {

    static final String NAMESPACE = "lib-block-v1";

    private LibraryUsageLocator(LibraryLocator libraryKey, String blockType, String blockId) {
        super(libraryKey, blockType, blockId, render(NAMESPACE, libraryKey.body(), blockType, blockId));
    }

    /**
     * Parses a {@code lib-block-v1} key.
     *
     * @throws InvalidKeyException naming {@code LibraryUsageLocator} and the text
     */
    public static LibraryUsageLocator parse(String text) {
        return KeyGrammar.parse("LibraryUsageLocator", text,
                Namespaces.only(NAMESPACE, LibraryUsageLocator::parseBody), null);
    }

    static LibraryUsageLocator parseBody(String body) {
        LibraryLocator libraryKey = LibraryLocator.parseBody(body);
        Matcher m = KeyGrammar.matchLocator(body);
        return new LibraryUsageLocator(libraryKey, requireBlockPart("block_type", m.group("blockType")),
                requireBlockPart("block_id", m.group("blockId")));
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    /** The library the block is in. */
    public LibraryLocator libraryKey() {
        return courseKey();
    }

    @Override
    public LibraryLocator courseKey() {
        return (LibraryLocator) super.courseKey();
    }
}
