package org.openedx.events.catalog.enterprise;

import java.util.Objects;
import java.util.UUID;

/**
 * Attributes of an {@code enterprise.EnterpriseGroup} record.
 *
 * <p>Django model definition:
 * https://github.com/openedx/edx-enterprise/blob/4ae2831a02087747da7bee7ea5cdd1d22929a059/enterprise/models.py#L4701.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.EnterpriseGroup}. The components are in wire order.
 *
 * @param uuid Primary identifier of the record
 */
public record EnterpriseGroup(UUID uuid) {

    public EnterpriseGroup {
        Objects.requireNonNull(uuid, "uuid");
    }
}
