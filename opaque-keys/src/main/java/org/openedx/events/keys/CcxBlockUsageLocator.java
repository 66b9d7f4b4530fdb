package org.openedx.events.keys;

import java.util.regex.Matcher;

/**
 * An XBlock in a custom course (edx-ccx-keys {@code CCXBlockUsageLocator}):
 * {@code ccx-block-v1:{ccx body}+type@{block_type}+block@{block_id}}, where the body is that of
 * a {@link CcxLocator}. It is never deprecated.
 */
public final class CcxBlockUsageLocator extends BlockUsageLocator {

    static final String NAMESPACE = "ccx-block-v1";

    private CcxBlockUsageLocator(CcxLocator courseKey, String blockType, String blockId) {
        super(courseKey, blockType, blockId, render(NAMESPACE, courseKey.body(), blockType, blockId));
    }

    /**
     * Parses a {@code ccx-block-v1} key.
     *
     * @throws InvalidKeyException naming {@code CcxBlockUsageLocator} and the text
     */
    public static CcxBlockUsageLocator parse(String text) {
        return KeyGrammar.parse("CcxBlockUsageLocator", text,
                Namespaces.only(NAMESPACE, CcxBlockUsageLocator::parseBody), null);
    }

    static CcxBlockUsageLocator parseBody(String body) {
        CcxLocator courseKey = CcxLocator.parseBody(body);
        Matcher m = CcxLocator.matchBody(body);
        return new CcxBlockUsageLocator(courseKey, requireBlockPart("block_type", m.group("blockType")),
                requireBlockPart("block_id", m.group("blockId")));
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public CcxLocator courseKey() {
        return (CcxLocator) super.courseKey();
    }

    /** The CCX id of the course. */
    public String ccx() {
        return courseKey().ccx();
    }
}
