package org.openedx.events.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Texts that upstream accepts but prints differently; a consumer must accept them as Python
 * does. Each expected text is what edx-opaque-keys 4.0.0 prints.
 */
class NonCanonicalFormsTest {

    private static final String VERSION = "519665f6223ebd6980884f2b";

    static Stream<Arguments> nonCanonicalKeys() {
        return Stream.of(
                arguments(CourseKey.class, "slashes:edX+DemoX+Demo", "course-v1:edX+DemoX+Demo"),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+type@video+block@x",
                        "course-v1:edX+DemoX+Demo_Course"),
                arguments(CourseKey.class, "course-v1:edX+DemoX+version@" + VERSION, "course-v1:version@" + VERSION),
                arguments(CourseKey.class, "course-v1:branch@draft+version@" + VERSION, "course-v1:version@" + VERSION),
                arguments(CourseKey.class, "library-v1:MITx+lib1+extra", "library-v1:MITx+lib1"),
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+Demo_course+CCX@1", "ccx-v1:edx+DemoX+Demo_course+ccx@1"),
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+Demo_course+Version@519665F6223EBD6980884F2B+ccx@1",
                        "ccx-v1:edx+DemoX+Demo_course+version@" + VERSION + "+ccx@1"),
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+Demo_course+ccx@1+type@video+block@x",
                        "ccx-v1:edx+DemoX+Demo_course+ccx@1"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonCanonicalKeys")
    void parsesToTheCanonicalText(Class<? extends OpaqueKey> type, String text, String canonical) {
        OpaqueKey key = OpaqueKeys.parse(type, text);

        assertThat(key.toString()).isEqualTo(canonical);
        assertThat(OpaqueKeys.parse(type, canonical)).isEqualTo(key);
    }
}
