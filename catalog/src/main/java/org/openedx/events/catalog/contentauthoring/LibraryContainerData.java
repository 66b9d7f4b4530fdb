package org.openedx.events.catalog.contentauthoring;

import java.util.Objects;
import org.openedx.events.keys.LibraryContainerLocator;

/**
 * Data related to a library container that has changed.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.LibraryContainerData}. The components are in wire order.
 *
 * @param containerKey identifies the container (e.g.  unit, section)
 * @param background <b>DEPRECATED</b> field. Indicated the sender doesn't want to wait for handler to finish
 *        execution. Now instead we recommend that simple handlers are synchronous and the _sender_ of the event
 *        should send the event(s) from an async celery task if it is expected to result in a lot of handlers being
 *        called; upstream default {@code false}
 */
public record LibraryContainerData(LibraryContainerLocator containerKey, boolean background) {

    public LibraryContainerData {
        Objects.requireNonNull(containerKey, "container_key");
    }
}
