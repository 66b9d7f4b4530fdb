package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.keys.LibraryLocatorV2;
import org.openedx.events.keys.LibraryUsageLocatorV2;

/**
 * Data related to a library block that has changed.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.LibraryBlockData}. The components are in wire order.
 *
 * @param libraryKey a key that represents a v2 content library
 * @param usageKey a key that represents a XBlock in a Blockstore-based content library
 */
public record LibraryBlockData(LibraryLocatorV2 libraryKey, LibraryUsageLocatorV2 usageKey) {

    public LibraryBlockData {
        Objects.requireNonNull(libraryKey, "library_key");
        Objects.requireNonNull(usageKey, "usage_key");
    }
}
