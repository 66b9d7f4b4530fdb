package org.openedx.events;

import java.util.List;
import java.util.Map;

/** Small data records and signals for the core tests (the real catalog lives in its own module). */
public final class TestData {

    public record PersonalData(String username, String email, String name) {
    }

    public record UserData(long id, boolean isActive, PersonalData pii) {
    }

    public record CourseData(String courseKey, @Nullable String displayName) {
    }

    public record TagsData(List<String> tags, Map<String, String> labels) {
    }

    public static UserData user(long id) {
        return new UserData(id, true, new PersonalData("user" + id, "user" + id + "@example.com", "User " + id));
    }

    private TestData() {
    }

    /** A signal with a fresh event type, so that tests do not share receivers or flags. */
    public static OpenEdxPublicSignal loginSignal(String suffix) {
        return OpenEdxPublicSignal.builder("org.openedx.test.login." + suffix + ".v1")
                .data("user", UserData.class)
                .eventKeyField("user.pii.username")
                .build();
    }
}
