package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.keys.LibraryLocatorV2;

/**
 * Data related to a content library that has changed.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.ContentLibraryData}. The components are in wire order.
 *
 * @param libraryKey a key that represents a v2 content library
 * @param updateBlocks DEPRECATED flag to indicate whether the content library blocks indexes should be updated. Now
 *        we send individual events for each updated item instead; upstream default {@code false}
 */
public record ContentLibraryData(LibraryLocatorV2 libraryKey, boolean updateBlocks) {

    public ContentLibraryData {
        Objects.requireNonNull(libraryKey, "library_key");
    }
}
