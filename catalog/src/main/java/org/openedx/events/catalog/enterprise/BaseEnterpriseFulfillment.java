package org.openedx.events.catalog.enterprise;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import org.openedx.events.Nullable;

/**
 * Defines the common attributes of enterprise fulfillment classes, i.e.
 * {@code enterprise.EnterpriseFulfillmentSource}.
 *
 * <p>Django model definition: https://github.com/openedx/edx-enterprise/blob/cc873d6/enterprise/models.py#L2213.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.BaseEnterpriseFulfillment}. The components are in wire order.
 *
 * @param uuid Primary identifier of the record
 * @param created When the record was created
 * @param modified When the record was last modified
 * @param fulfillmentType Subsidy fulfillment type, typical values: "license", "learner_credit", "coupon_code"
 * @param isRevoked Whether the enterprise subsidy is revoked, e.g., when a user's license is revoked
 * @param enterpriseCourseEntitlementUuid The course entitlement the associated subsidy is for; may be null
 * @param enterpriseCourseEnrollment The course enrollment the associated subsidy is for; may be null
 */
public record BaseEnterpriseFulfillment(
        UUID uuid,
        OffsetDateTime created,
        OffsetDateTime modified,
        String fulfillmentType,
        boolean isRevoked,
        @Nullable UUID enterpriseCourseEntitlementUuid,
        @Nullable EnterpriseCourseEnrollment enterpriseCourseEnrollment) {

    public BaseEnterpriseFulfillment {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(modified, "modified");
        Objects.requireNonNull(fulfillmentType, "fulfillment_type");
    }
}
