package org.openedx.events.catalog.learning;

import java.util.List;
import java.util.Objects;
import org.openedx.events.keys.UsageKey;

/**
 * Data needed to update verification count of tags/skills for an XBlock.
 *
 * <p>User feedback on whether tags/skills related to an XBlock are valid.
 *
 * <p>Upstream {@code openedx_events.learning.data.XBlockSkillVerificationData}. The components are in wire order.
 *
 * @param usageKey identifier of the XBlock object
 * @param verifiedSkills list of verified skill ids; null becomes an empty list
 * @param ignoredSkills list of ignored skill ids; null becomes an empty list
 */
public record XBlockSkillVerificationData(UsageKey usageKey, List<Long> verifiedSkills, List<Long> ignoredSkills) {

    public XBlockSkillVerificationData {
        Objects.requireNonNull(usageKey, "usage_key");
        verifiedSkills = verifiedSkills == null ? List.of() : List.copyOf(verifiedSkills);
        ignoredSkills = ignoredSkills == null ? List.of() : List.copyOf(ignoredSkills);
    }
}
