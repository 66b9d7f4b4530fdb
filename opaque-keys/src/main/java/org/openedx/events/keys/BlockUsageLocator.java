package org.openedx.events.keys;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An XBlock in a course: {@code block-v1:{course body}+type@{block_type}+block@{block_id}},
 * where the course body is that of a {@link CourseLocator} (with optional branch and version),
 * or the deprecated {@code i4x://{org}/{course}/{block_type}/{block_id}[@{branch}]} form,
 * which is kept and printed as it was read. {@link LibraryUsageLocator} ({@code lib-block-v1})
 * and {@link CcxBlockUsageLocator} ({@code ccx-block-v1}) extend it.
 *
 * <p>Upstream accepts a {@code block-v1} text without {@code type@…} and then prints the
 * block type as {@code None}; this port rejects such text instead.
 */
public sealed class BlockUsageLocator implements UsageKey permits LibraryUsageLocator, CcxBlockUsageLocator {

    static final String NAMESPACE = "block-v1";

    private static final Pattern DEPRECATED = Pattern.compile(
            "i4x://(?<org>[^/]+)/(?<course>[^/]+)/(?<type>[^/]+)/(?<id>[^@]+)(?:@(?<revision>[^/]+))?");

    private final CourseKey courseKey;
    private final String blockType;
    private final String blockId;
    private final String text;

    BlockUsageLocator(CourseKey courseKey, String blockType, String blockId, String text) {
        this.courseKey = courseKey;
        this.blockType = blockType;
        this.blockId = blockId;
        this.text = text;
    }

    /**
     * Parses a block usage locator: namespaces {@code block-v1}, {@code lib-block-v1} and
     * {@code ccx-block-v1}, or the deprecated {@code i4x://} form.
     *
     * @throws InvalidKeyException naming {@code BlockUsageLocator} and the text
     */
    public static BlockUsageLocator parse(String text) {
        return KeyGrammar.parse("BlockUsageLocator", text, Namespaces.BLOCK_USAGE_LOCATOR,
                BlockUsageLocator::parseDeprecated);
    }

    static BlockUsageLocator parseBody(String body) {
        CourseLocator courseKey = CourseLocator.parseBody(body);
        Matcher m = KeyGrammar.matchLocator(body);
        String blockType = requireBlockPart("block_type", m.group("blockType"));
        String blockId = requireBlockPart("block_id", m.group("blockId"));
        return new BlockUsageLocator(courseKey, blockType, blockId, render(NAMESPACE, courseKey.body(), blockType, blockId));
    }

    static BlockUsageLocator parseDeprecated(String text) {
        Matcher m = DEPRECATED.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a deprecated usage key: " + text);
        }
        CourseLocator courseKey = CourseLocator.deprecatedWithoutRun(m.group("org"), m.group("course"),
                m.group("revision"));
        // Upstream checks neither the block type nor more than this of the block id.
        String blockId = KeyGrammar.require(KeyGrammar.DEPRECATED_ID, "block_id", m.group("id"));
        String branch = m.group("revision");
        String canonical = "i4x://" + m.group("org") + "/" + m.group("course") + "/" + m.group("type") + "/" + blockId
                + (KeyGrammar.present(branch) ? "@" + branch : "");
        return new BlockUsageLocator(courseKey, m.group("type"), blockId, canonical);
    }

    /** The block type and id of a non-deprecated key: both required and {@code [\w\-~.:]+}. */
    static String requireBlockPart(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Missing " + field);
        }
        return KeyGrammar.require(KeyGrammar.ALLOWED_ID, field, value);
    }

    static String render(String namespace, String contextBody, String blockType, String blockId) {
        return namespace + ":" + contextBody + "+type@" + blockType + "+block@" + blockId;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean isDeprecated() {
        return courseKey.isDeprecated();
    }

    /** The course (or legacy library, or CCX) the block is in. A deprecated key's course has no run. */
    public CourseKey courseKey() {
        return courseKey;
    }

    @Override
    public LearningContextKey contextKey() {
        return courseKey;
    }

    @Override
    public String blockType() {
        return blockType;
    }

    @Override
    public String blockId() {
        return blockId;
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && text.equals(other.toString());
    }

    @Override
    public final int hashCode() {
        return text.hashCode();
    }

    @Override
    public final String toString() {
        return text;
    }
}
