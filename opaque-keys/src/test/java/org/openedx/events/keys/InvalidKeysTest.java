package org.openedx.events.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Texts that upstream rejects are rejected, with a message naming the requested type and the text. */
class InvalidKeysTest {

    private static final String VERSION = "519665f6223ebd6980884f2b";
    // "हिन्दी": combining vowel signs are not Python \w characters.
    private static final String HINDI = "\u0939\u093f\u0928\u094d\u0926\u0940";

    static Stream<Arguments> invalidKeys() {
        return Stream.of(
                arguments(CourseKey.class, "lib:MITx:reallyhardproblems"),
                arguments(CourseKey.class, "course-v1:edX+DemoX"),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+"),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo Course"),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+version@" + VERSION.substring(1)),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+version@519665F6223EBD6980884F2B"),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+branch@"),
                arguments(CourseKey.class, "course-v1:edX+DemoX+" + HINDI),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course\n"),
                arguments(CourseKey.class, "course-v1:"),
                arguments(CourseKey.class, "course-v1"),
                arguments(CourseKey.class, ""),
                arguments(CourseKey.class, "foo"),
                arguments(CourseKey.class, "unknown-v1:edX+DemoX+Demo_Course"),
                arguments(CourseKey.class, "edX/DemoX"),
                arguments(CourseKey.class, "edX/DemoX/Demo/Course"),
                arguments(CourseKey.class, "/DemoX/Demo_Course"),
                arguments(CourseKey.class, "edX//Demo_Course"),
                arguments(CourseKey.class, "edX/Demo~X/Demo_Course"),
                arguments(CourseKey.class, "edX/DemoX/Demo:Course"),
                arguments(CourseKey.class, "edX/DemoX/Demo_Course\n"),
                arguments(CourseKey.class, "library-v1:MITx"),
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+Demo_course"),
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+ccx@1"),
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+Demo_course+ccx@x1"),
                arguments(UsageKey.class, "block-v1:edx+DemoX+Demo_course+type@video"),
                arguments(UsageKey.class, "block-v1:edx+DemoX+Demo_course+type@video+block@a%20b"),
                arguments(UsageKey.class, "block-v1:edx+DemoX+type@video+block@x"),
                arguments(UsageKey.class, "block-v1:edx+DemoX+Demo_course+type@vid eo+block@x"),
                arguments(UsageKey.class, "course-v1:edX+DemoX+Demo_Course"),
                arguments(UsageKey.class, "i4x://edX/DemoX/video"),
                arguments(UsageKey.class, "i4x://edX/DemoX/video/a/b"),
                arguments(UsageKey.class, "i4x://edX/Demo:X/video/b"),
                arguments(UsageKey.class, "i4x://edX/DemoX/video/b@re@v"),
                arguments(UsageKey.class, "i4x://edX/DemoX/video/b c"),
                arguments(UsageKey.class, "lib-block-v1:MITx+lib1+block@p1"),
                arguments(UsageKey.class, "lb:MITx:lib:problem"),
                arguments(UsageKey.class, "lb:MITx:lib:problem:p1:extra"),
                arguments(UsageKey.class, "lb:MITx:lib:probl\u00e9m:p1"),
                arguments(UsageKey.class, "lb:MIT\u00e9:lib:problem:p1"),
                arguments(UsageKey.class, "lib:MITx:reallyhardproblems"),
                arguments(LibraryLocatorV2.class, "lib:MITx"),
                arguments(LibraryLocatorV2.class, "lib:MITx:a:b"),
                arguments(LibraryLocatorV2.class, "lib:MITx:"),
                arguments(LibraryLocatorV2.class, "lib::slug"),
                arguments(LibraryLocatorV2.class, "lib:M\u00edTx:slug"),
                arguments(LibraryLocatorV2.class, "lib:MITx:sl ug"),
                arguments(LibraryLocatorV2.class, "lib:MITx:sl+ug"),
                arguments(LibraryLocatorV2.class, "course-v1:edX+DemoX+Demo_Course"),
                arguments(LibraryCollectionLocator.class, "lib-collection:MITx:lib"),
                arguments(LibraryCollectionLocator.class, "lib-collection:MITx:lib:col:x"),
                arguments(LibraryCollectionLocator.class, "lib-collection:MITx:lib:c~l"),
                arguments(LibraryContainerLocator.class, "lct:MITx:lib:unit"),
                arguments(LibraryContainerLocator.class, "lct:MITx:lib:\u00fcnit:c1"),
                arguments(LibraryContainerLocator.class, "lct:MITx:lib:unit:c 1"),
                arguments(CcxLocator.class, "course-v1:edX+DemoX+Demo_Course"),
                arguments(CcxLocator.class, "edX/DemoX/Demo_Course"),
                arguments(LibraryLocator.class, "edX/DemoX/Demo_Course"),
                arguments(LearningContextKey.class, "lb:MITx:lib:problem:p1"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalidKeys")
    void isRejectedNamingTypeAndText(Class<? extends OpaqueKey> type, String text) {
        assertThatThrownBy(() -> OpaqueKeys.parse(type, text))
                .hasMessage("Invalid " + type.getSimpleName() + ": '" + text + "'")
                .isInstanceOfSatisfying(InvalidKeyException.class, invalid -> {
                    assertThat(invalid.keyType()).isEqualTo(type.getSimpleName());
                    assertThat(invalid.text()).isEqualTo(text);
                });
    }

    @Test
    void nullIsInvalid() {
        assertThatThrownBy(() -> CourseKey.parse(null))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("Invalid CourseKey: null");
        assertThatThrownBy(() -> UsageKey.parse(null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> LibraryLocatorV2.parse(null)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void theExceptionIsAnIllegalArgumentException() {
        assertThatThrownBy(() -> CourseKey.parse("foo")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blockUsageWithoutBlockTypeIsRejectedUnlikeUpstream() {
        // Upstream accepts this and then prints "type@None"; there is no sensible key to keep.
        assertThatThrownBy(() -> UsageKey.parse("block-v1:edx+DemoX+Demo_course+block@x"))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> UsageKey.parse("ccx-block-v1:edx+DemoX+Demo_course+ccx@1+block@x"))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void aTrailingNewlineIsRejected() {
        // Python's '$' lets "lib:MITx:slug\n" through; avro.md §9.10 allows a port to reject it.
        assertThatThrownBy(() -> LibraryLocatorV2.parse("lib:MITx:slug\n")).isInstanceOf(InvalidKeyException.class);
    }
}
