package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.UsageKey;

/**
 * Data related to an XBlock object that has been duplicated.
 *
 * <p>This class extends XBlockData to include source_usage_key.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.DuplicatedXBlockData}, a subclass of {@code XBlockData}
 * whose fields come first here. The components are in wire order.
 *
 * @param usageKey identifier of the XBlock object
 * @param blockType type of block
 * @param version identifier of the XBlock object with branch and version data (optional). This could be used to get
 *        the exact version of the XBlock object; may be null
 * @param sourceUsageKey identifier of the source XBlock object
 */
public record DuplicatedXBlockData(
        UsageKey usageKey,
        String blockType,
        @Nullable UsageKey version,
        UsageKey sourceUsageKey) {

    public DuplicatedXBlockData {
        Objects.requireNonNull(usageKey, "usage_key");
        Objects.requireNonNull(blockType, "block_type");
        Objects.requireNonNull(sourceUsageKey, "source_usage_key");
    }
}
