package org.openedx.events.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every canonical form parses to the expected implementation and prints back unchanged. The
 * texts were checked against edx-opaque-keys 4.0.0 and edx-ccx-keys, which print each the same.
 */
class RoundTripTest {

    private static final String VERSION = "519665f6223ebd6980884f2b";

    static Stream<Arguments> canonicalKeys() {
        return Stream.of(
                // avro.md §9.1: course-v1, with branch and version variants
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course", CourseLocator.class),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+branch@published", CourseLocator.class),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+version@" + VERSION, CourseLocator.class),
                arguments(CourseKey.class, "course-v1:edX+DemoX+Demo_Course+branch@draft-1+version@" + VERSION,
                        CourseLocator.class),
                arguments(CourseKey.class, "course-v1:version@" + VERSION, CourseLocator.class),
                arguments(CourseKey.class, "course-v1:mit.eecs+6.002x:1~a+2014_T2-b", CourseLocator.class),
                arguments(CourseKey.class, "course-v1:Ñandú+Δοκιμή+日本語_2024", CourseLocator.class),
                arguments(CourseKey.class, "course-v1:org+course+run٣", CourseLocator.class),
                // §9.2: deprecated slash form, kept as read
                arguments(CourseKey.class, "edX/DemoX/Demo_Course", CourseLocator.class),
                arguments(CourseKey.class, "edX/Demo.X-1%20/Run_ü", CourseLocator.class),
                arguments(CourseKey.class, "edX/DemoX/", CourseLocator.class),
                // §9.3: legacy library
                arguments(CourseKey.class, "library-v1:MITx+lib1", LibraryLocator.class),
                arguments(CourseKey.class, "library-v1:MITx+lib1+branch@library", LibraryLocator.class),
                arguments(CourseKey.class, "library-v1:MITx+lib1+branch@library+version@" + VERSION,
                        LibraryLocator.class),
                arguments(CourseKey.class, "library-v1:version@" + VERSION, LibraryLocator.class),
                // §9.4: CCX
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+Demo_course+ccx@1", CcxLocator.class),
                arguments(CourseKey.class,
                        "ccx-v1:edx+DemoX+Demo_course+branch@published+version@" + VERSION + "+ccx@42",
                        CcxLocator.class),
                arguments(CourseKey.class, "ccx-v1:version@" + VERSION + "+ccx@7", CcxLocator.class),
                arguments(CourseKey.class, "ccx-v1:edx+DemoX+Demo_course+ccx@١٢", CcxLocator.class),
                // §9.5: block-v1, i4x, lib-block-v1, ccx-block-v1
                arguments(UsageKey.class,
                        "block-v1:edx+DemoX+Demo_course+type@video+block@UaEBjyMjcLW65gaTXggB93WmvoxGAJa0JeHRrDThk",
                        BlockUsageLocator.class),
                arguments(UsageKey.class, "block-v1:edx+DemoX+Demo_course+branch@published+type@video+block@x",
                        BlockUsageLocator.class),
                arguments(UsageKey.class, "block-v1:edx+DemoX+Demo_course+branch@published+version@" + VERSION
                        + "+type@problem+block@p:1~a.b-c_d", BlockUsageLocator.class),
                arguments(UsageKey.class, "block-v1:version@" + VERSION + "+type@html+block@intro",
                        BlockUsageLocator.class),
                arguments(UsageKey.class, "block-v1:édX+Démo+ラン+type@vidéo+block@ブロック", BlockUsageLocator.class),
                arguments(UsageKey.class, "i4x://edX/DemoX/video/UaEBjyMjcLW65gaTXggB93WmvoxGAJa0JeHRrDThk",
                        BlockUsageLocator.class),
                arguments(UsageKey.class, "i4x://edX/DemoX/problem/p%201:x@draft", BlockUsageLocator.class),
                arguments(UsageKey.class, "i4x://edX/DemoX/any type!/b", BlockUsageLocator.class),
                arguments(UsageKey.class, "lib-block-v1:MITx+lib1+type@problem+block@p1", LibraryUsageLocator.class),
                arguments(UsageKey.class,
                        "lib-block-v1:MITx+lib1+branch@library+version@" + VERSION + "+type@problem+block@p1",
                        LibraryUsageLocator.class),
                arguments(UsageKey.class, "ccx-block-v1:edx+DemoX+Demo_course+ccx@1+type@video+block@x",
                        CcxBlockUsageLocator.class),
                // §9.7: lb is a usage key too
                arguments(UsageKey.class, "lb:MITx:reallyhardproblems:problem:problem1", LibraryUsageLocatorV2.class),
                arguments(UsageKey.class, "lb:MITx:réally-hard.problems_ü:html:ブロック-1.a",
                        LibraryUsageLocatorV2.class),
                // §9.6: lib is a learning context key but not a course key
                arguments(LearningContextKey.class, "lib:MITx:reallyhardproblems", LibraryLocatorV2.class),
                arguments(LearningContextKey.class, "course-v1:edX+DemoX+Demo_Course", CourseLocator.class),
                arguments(LearningContextKey.class, "edX/DemoX/Demo_Course", CourseLocator.class),
                arguments(LibraryLocatorV2.class, "lib:MITx:reallyhardproblems", LibraryLocatorV2.class),
                arguments(LibraryLocatorV2.class, "lib:MIT-x.y_Z9:sl-ug.1_日本", LibraryLocatorV2.class),
                arguments(LibraryUsageLocatorV2.class, "lb:MITx:reallyhardproblems:problem:problem1",
                        LibraryUsageLocatorV2.class),
                // §9.8 and §9.9
                arguments(LibraryCollectionLocator.class, "lib-collection:MITx:reallyhardproblems:col1",
                        LibraryCollectionLocator.class),
                arguments(LibraryCollectionLocator.class, "lib-collection:MITx:réally:cöl-1.x_y",
                        LibraryCollectionLocator.class),
                arguments(LibraryContainerLocator.class, "lct:MITx:reallyhardproblems:unit:test-container",
                        LibraryContainerLocator.class),
                arguments(LibraryContainerLocator.class, "lct:MITx:réally:sub_section-2.x:cönt",
                        LibraryContainerLocator.class),
                // concrete types parse their subtypes and deprecated forms as upstream
                arguments(CcxLocator.class, "ccx-v1:edx+DemoX+Demo_course+ccx@1", CcxLocator.class),
                arguments(CourseLocator.class, "ccx-v1:edx+DemoX+Demo_course+ccx@1", CcxLocator.class),
                arguments(CourseLocator.class, "edX/DemoX/Demo_Course", CourseLocator.class),
                arguments(CourseLocator.class, "course-v1:edX+DemoX+Demo_Course", CourseLocator.class),
                arguments(LibraryLocator.class, "library-v1:MITx+lib1", LibraryLocator.class),
                arguments(BlockUsageLocator.class, "i4x://edX/DemoX/video/abc", BlockUsageLocator.class),
                arguments(BlockUsageLocator.class, "lib-block-v1:MITx+lib1+type@problem+block@p1",
                        LibraryUsageLocator.class),
                arguments(BlockUsageLocator.class, "ccx-block-v1:edx+DemoX+Demo_course+ccx@1+type@video+block@x",
                        CcxBlockUsageLocator.class),
                arguments(LibraryUsageLocator.class, "lib-block-v1:MITx+lib1+type@problem+block@p1",
                        LibraryUsageLocator.class),
                arguments(CcxBlockUsageLocator.class, "ccx-block-v1:edx+DemoX+Demo_course+ccx@1+type@video+block@x",
                        CcxBlockUsageLocator.class));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("canonicalKeys")
    void parsesAndPrintsUnchanged(Class<? extends OpaqueKey> type, String text, Class<?> implementation) {
        OpaqueKey key = OpaqueKeys.parse(type, text);

        assertThat(key).isExactlyInstanceOf(implementation);
        assertThat(key).isInstanceOf(type);
        assertThat(key.toString()).isEqualTo(text);
        assertThat(OpaqueKeys.parse(type, key.toString())).isEqualTo(key).hasSameHashCodeAs(key);
    }
}
