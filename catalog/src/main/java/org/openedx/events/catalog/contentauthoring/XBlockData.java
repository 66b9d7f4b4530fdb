package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.UsageKey;

/**
 * Data related to an XBlock object.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.XBlockData}. The components are in wire order.
 *
 * @param usageKey identifier of the XBlock object
 * @param blockType type of block
 * @param version identifier of the XBlock object with branch and version data (optional). This could be used to get
 *        the exact version of the XBlock object; may be null
 */
public record XBlockData(UsageKey usageKey, String blockType, @Nullable UsageKey version) {

    public XBlockData {
        Objects.requireNonNull(usageKey, "usage_key");
        Objects.requireNonNull(blockType, "block_type");
    }
}
