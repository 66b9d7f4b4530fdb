package org.openedx.events.catalog.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a user notification object.
 *
 * <p>Upstream {@code openedx_events.learning.data.UserNotificationData}. The components are in wire order.
 *
 * @param userIds identifier of the users to which the notification belongs
 * @param notificationType type of the notification
 * @param contentUrl url of the content
 * @param appName name of the app
 * @param courseKey identifier of the Course object
 * @param context additional structured information about the context of the notification; null becomes an empty map
 */
public record UserNotificationData(
        List<Long> userIds,
        String notificationType,
        String contentUrl,
        String appName,
        CourseKey courseKey,
        Map<String, String> context) {

    public UserNotificationData {
        Objects.requireNonNull(userIds, "user_ids");
        userIds = List.copyOf(userIds);
        Objects.requireNonNull(notificationType, "notification_type");
        Objects.requireNonNull(contentUrl, "content_url");
        Objects.requireNonNull(appName, "app_name");
        Objects.requireNonNull(courseKey, "course_key");
        context = context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }
}
