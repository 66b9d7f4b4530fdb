package org.openedx.events.catalog.enterprise;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import org.openedx.events.Nullable;

/**
 * Data related to an Enterprise Customer User object.
 *
 * <p>Django model definition: https://github.com/openedx/edx-enterprise/blob/cc873d6/enterprise/models.py#L1036.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.EnterpriseCustomerUser}. The components are in wire order.
 *
 * @param id Primary identifier of the record
 * @param created When the record was created
 * @param modified When the record was last modified
 * @param enterpriseCustomerUuid The enterprise customer to which the user is linked
 * @param userId The LMS user ID corresponding to this enterprise user
 * @param active The active enterprise user for the given LMS user
 * @param linked This enterprise user has been linked to an enterprise customer
 * @param isRelinkable When set to False, the user cannot be relinked to the enterprise
 * @param shouldInactivateOtherCustomers When enabled along with {@code active}, all other linked enterprise
 *        customers for this user will be marked as inactive upon save
 * @param inviteKey Invite key used to link a learner to an enterprise; may be null
 */
public record EnterpriseCustomerUser(
        long id,
        OffsetDateTime created,
        OffsetDateTime modified,
        UUID enterpriseCustomerUuid,
        long userId,
        boolean active,
        boolean linked,
        boolean isRelinkable,
        boolean shouldInactivateOtherCustomers,
        @Nullable UUID inviteKey) {

    public EnterpriseCustomerUser {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(enterpriseCustomerUuid, "enterprise_customer_uuid");
    }
}
