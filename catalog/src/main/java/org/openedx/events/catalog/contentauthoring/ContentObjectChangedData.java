package org.openedx.events.catalog.contentauthoring;

import java.util.List;
import java.util.Objects;

/**
 * Data related to a content object that has changed.
 *
 * <p>Upstream {@code openedx_events.content_authoring.data.ContentObjectChangedData}, a subclass of
 * {@code ContentObjectData} whose fields come first here. The components are in wire order.
 *
 * @param objectId identifier of the Content object. This represents the id of the course or library block as a
 *        string
 * @param changes list of changes made to this ContentObject, e.g. "tags", "collections". If list is empty, assume
 *        everything has changed; null becomes an empty list
 */
public record ContentObjectChangedData(String objectId, List<String> changes) {

    public ContentObjectChangedData {
        Objects.requireNonNull(objectId, "object_id");
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
