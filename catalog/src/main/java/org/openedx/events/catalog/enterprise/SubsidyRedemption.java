package org.openedx.events.catalog.enterprise;

import java.util.Objects;

/**
 * Data related to a Subsidy Redemption object.
 *
 * <p>Upstream {@code openedx_events.enterprise.data.SubsidyRedemption}. The components are in wire order.
 *
 * @param subsidyIdentifier unique identifier to fetch the applied subsidy
 * @param contentKey content id where subsidy is utilized
 * @param lmsUserId lms user id of subsidy beneficiary
 */
public record SubsidyRedemption(String subsidyIdentifier, String contentKey, long lmsUserId) {

    public SubsidyRedemption {
        Objects.requireNonNull(subsidyIdentifier, "subsidy_identifier");
        Objects.requireNonNull(contentKey, "content_key");
    }
}
