package org.openedx.events.catalog.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openedx.events.keys.CourseKey;

/**
 * Data related to a course discussion configuration object.
 *
 * <p>Course configuration information for discussions. Contains all the metadata needed to configure discussions
 * for a course.
 *
 * <p>Upstream {@code openedx_events.learning.data.CourseDiscussionConfigurationData}. The components are in wire
 * order.
 *
 * @param courseKey identifier of the course to which the discussion belongs
 * @param providerType provider type from discussion settings
 * @param enabled indicates whether discussions are enabled for the course; upstream default {@code true}
 * @param enableInContext indicates whether in-context discussion is enabled. this has no effect unless
 *        {@code enabled==True} as well; upstream default {@code true}
 * @param enableGradedUnits If enabled, discussion topics will be created for graded units as well; upstream default
 *        {@code false}
 * @param unitLevelVisibility visibility for unit level; upstream default {@code false}
 * @param pluginConfiguration The plugin configuration data for this context/provider; null becomes an empty map
 *        (upstream's default is the {@code dict} class object itself, see avro.md §7.1)
 * @param contexts contains all the contexts for which discussion is to be enabled; null becomes an empty list
 */
public record CourseDiscussionConfigurationData(
        CourseKey courseKey,
        String providerType,
        boolean enabled,
        boolean enableInContext,
        boolean enableGradedUnits,
        boolean unitLevelVisibility,
        Map<String, Boolean> pluginConfiguration,
        List<DiscussionTopicContext> contexts) {

    public CourseDiscussionConfigurationData {
        Objects.requireNonNull(courseKey, "course_key");
        Objects.requireNonNull(providerType, "provider_type");
        pluginConfiguration = pluginConfiguration == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(pluginConfiguration));
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }
}
