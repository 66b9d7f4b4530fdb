package org.openedx.events.catalog.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.Nullable;
import org.openedx.events.keys.UsageKey;

/**
 * Data related to a discussion topic context.
 *
 * <p>Context for linking the external id for a discussion topic to its associated usage key.
 *
 * <p>Upstream {@code openedx_events.learning.data.DiscussionTopicContext}. The components are in wire order.
 *
 * @param title title of the discussion. This field is cached to improve the performance, since otherwise we'd
 * @param usageKey unit location; may be null
 * @param groupId can be used for providers that don't internally support cohorting but we can emulate that with
 *        different contexts for different groups; may be null
 * @param externalId store the commentable id that is used by cs_comments_service; may be null
 * @param ordering represent the position of the discussion topic; may be null
 * @param context additional structured information about the context in which this topic is used, such as the
 *        section, subsection etc; null becomes an empty map
 */
public record DiscussionTopicContext(
        String title,
        @Nullable UsageKey usageKey,
        @Nullable Long groupId,
        @Nullable String externalId,
        @Nullable Long ordering,
        Map<String, String> context) {

    public DiscussionTopicContext {
        Objects.requireNonNull(title, "title");
        context = context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }
}
