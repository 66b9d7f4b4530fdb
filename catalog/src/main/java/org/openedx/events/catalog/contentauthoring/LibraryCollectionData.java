package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.keys.LibraryCollectionLocator;

/**
 * Data related to a library collection that has changed.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.LibraryCollectionData}. The components are in wire
 * order.
 *
 * @param collectionKey identifies the collection within the library's learning package
 * @param background <b>DEPRECATED</b> field. Indicated the sender doesn't want to wait for handler to finish
 *        execution. Now instead we recommend that simple handlers are synchronous and the _sender_ of the event
 *        should send the event(s) from an async celery task if it is expected to result in a lot of handlers being
 *        called; upstream default {@code false}
 */
public record LibraryCollectionData(LibraryCollectionLocator collectionKey, boolean background) {

    public LibraryCollectionData {
        Objects.requireNonNull(collectionKey, "collection_key");
    }
}
