package org.openedx.events.catalog.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Data required for a successful LTI launch.
 *
 * <p>Upstream {@code openedx_events.learning.data.LtiProviderLaunchParamsData}. The components are in wire order.
 *
 * @param roles A comma-separated list of roles (as per LTI Spec) of the User
 * @param contextId An ID for the launch context of LTI content
 * @param userId External (LTI) User ID of user performing the launch
 * @param extraParams A dictionary of other optional launch parameters; null becomes an empty map
 */
public record LtiProviderLaunchParamsData(
        String roles,
        String contextId,
        String userId,
        Map<String, String> extraParams) {

    public LtiProviderLaunchParamsData {
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(contextId, "context_id");
        Objects.requireNonNull(userId, "user_id");
        extraParams = extraParams == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraParams));
    }
}
