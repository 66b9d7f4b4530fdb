package org.openedx.events.keys;

/**
 * The key of one XBlock usage (upstream {@code UsageKey}): a {@link BlockUsageLocator}
 * ({@code block-v1:}, the deprecated {@code i4x://} form, and its {@code lib-block-v1:} and
 * {@code ccx-block-v1:} variants) or a {@link LibraryUsageLocatorV2} ({@code lb:}).
 *
 * <p>The rare {@code location}, {@code aside-usage-v1} and {@code aside-usage-v2} namespaces
 * that upstream also registers are not supported and parse as invalid.
 */
public sealed interface UsageKey extends OpaqueKey permits BlockUsageLocator, LibraryUsageLocatorV2 {

    /** The XBlock type, e.g. {@code problem}. */
    String blockType();

    /** The block id within its learning context. */
    String blockId();

    /** The course or library this block belongs to. */
    LearningContextKey contextKey();

    /**
     * Parses a usage key: namespaces {@code block-v1}, {@code lib-block-v1}, {@code ccx-block-v1}
     * and {@code lb}; any other text is tried as the deprecated
     * {@code i4x://org/course/type/id[@branch]} form.
     *
     * @throws InvalidKeyException naming {@code UsageKey} and the text
     */
    static UsageKey parse(String text) {
        return KeyGrammar.parse("UsageKey", text, Namespaces.USAGE_KEY, BlockUsageLocator::parseDeprecated);
    }
}
