package org.openedx.events.catalog.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a course notification object.
 *
 * <p>Upstream {@code openedx_events.learning.data.CourseNotificationData}. The components are in wire order.
 *
 * @param courseKey identifier of the Course object
 * @param appName name of the app requesting the course notification
 * @param notificationType type of the notification
 * @param contentUrl url of the content the notification will redirect to
 * @param contentContext additional information related to the content of the notification. Notification content
 *        templates are defined in edx-platform here:
 *        https://github.com/openedx/edx-platform/blob/master/openedx/core/djangoapps/notifications/base_notification.py#L10;
 *        null becomes an empty map
 * @param audienceFilters additional information related to the audience of the notification. We can have different
 *        filters on course level, such as roles, enrollments, cohorts etc; null becomes an empty map
 */
public record CourseNotificationData(
        CourseKey courseKey,
        String appName,
        String notificationType,
        String contentUrl,
        Map<String, String> contentContext,
        Map<String, List<String>> audienceFilters) {

    public CourseNotificationData {
        Objects.requireNonNull(courseKey, "course_key");
        Objects.requireNonNull(appName, "app_name");
        Objects.requireNonNull(notificationType, "notification_type");
        Objects.requireNonNull(contentUrl, "content_url");
        contentContext = contentContext == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(contentContext));
        audienceFilters = audienceFilters == null ? Map.of() : copyOfLists(audienceFilters);
    }

    private static Map<String, List<String>> copyOfLists(Map<String, List<String>> lists) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        lists.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        return Collections.unmodifiableMap(copy);
    }
}
