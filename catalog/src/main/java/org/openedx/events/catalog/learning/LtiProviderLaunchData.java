package org.openedx.events.catalog.learning;

import java.util.Objects;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.keys.UsageKey;

/**
 * Class that encapsulates LTI data for an LTI launch event.
 *
 * <p>Upstream {@code openedx_events.learning.data.LtiProviderLaunchData}. The components are in wire order.
 *
 * @param user The user data for the Open edX user initiating the launch
 * @param courseKey The unique course ID for the course to which the launched content belongs
 * @param usageKey The usage key for the content being luanched via LtiProviderLaunchParamsData
 * @param launchParams The LTI parameters used for the launch
 */
public record LtiProviderLaunchData(
        UserData user,
        CourseKey courseKey,
        UsageKey usageKey,
        LtiProviderLaunchParamsData launchParams) {

    public LtiProviderLaunchData {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(courseKey, "course_key");
        Objects.requireNonNull(usageKey, "usage_key");
        Objects.requireNonNull(launchParams, "launch_params");
    }
}
