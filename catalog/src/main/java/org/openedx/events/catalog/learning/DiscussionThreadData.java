package org.openedx.events.catalog.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a discussion thread object, used to represent Forum events such as comments, responses, and
 * threads.
 *
 * <p>For more details on the data attributes, please see the following documentation:
 * https://docs.openedx.org/en/latest/developers/references/internal_data_formats/tracking_logs/student_event_types.html#edx-forum-thread-created.
 *
 * <p>Upstream {@code openedx_events.learning.data.DiscussionThreadData}. The components are in wire order.
 *
 * @param body body of the discussion thread
 * @param commentableId identifier of the commentable
 * @param id identifier of the discussion thread
 * @param truncated indicates whether the thread is truncated
 * @param url url of the thread
 * @param user information of the user that authored the thread/comment/response
 * @param courseId identifier of the course
 * @param threadType type of the thread; may be null
 * @param anonymous indicates whether the user is anonymous; may be null
 * @param anonymousToPeers indicates whether the user is anonymous to peers; may be null
 * @param title title of the thread; may be null
 * @param titleTruncated indicates whether the title is truncated; may be null
 * @param groupId identifier of the group; may be null
 * @param teamId identifier of the team; may be null
 * @param categoryId identifier of the category; may be null
 * @param categoryName name of the category; may be null
 * @param discussion discussion data. (optional, specific to comments and responses); may be null
 * @param userCourseRoles user course roles; null becomes an empty list
 * @param userForumsRoles user forums roles; null becomes an empty list
 * @param options options for the thread; null becomes an empty map
 */
public record DiscussionThreadData(
        String body,
        String commentableId,
        String id,
        boolean truncated,
        String url,
        UserData user,
        CourseKey courseId,
        @Nullable String threadType,
        @Nullable Boolean anonymous,
        @Nullable Boolean anonymousToPeers,
        @Nullable String title,
        @Nullable Boolean titleTruncated,
        @Nullable Long groupId,
        @Nullable Long teamId,
        @Nullable Long categoryId,
        @Nullable String categoryName,
        @Nullable Map<String, String> discussion,
        List<String> userCourseRoles,
        List<String> userForumsRoles,
        Map<String, Boolean> options) {

    public DiscussionThreadData {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(commentableId, "commentable_id");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(courseId, "course_id");
        discussion = discussion == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(discussion));
        userCourseRoles = userCourseRoles == null ? List.of() : List.copyOf(userCourseRoles);
        userForumsRoles = userForumsRoles == null ? List.of() : List.copyOf(userForumsRoles);
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
