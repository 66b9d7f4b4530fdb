package org.openedx.events.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parts each key exposes, its type relations, and value semantics. */
class KeyPartsTest {

    private static final String VERSION = "519665f6223ebd6980884f2b";

    @Test
    void courseLocatorParts() {
        CourseLocator key = CourseLocator.parse("course-v1:edX+DemoX+Demo_Course+branch@published+version@" + VERSION);

        assertThat(key.org()).isEqualTo("edX");
        assertThat(key.course()).isEqualTo("DemoX");
        assertThat(key.run()).isEqualTo("Demo_Course");
        assertThat(key.branch()).contains("published");
        assertThat(key.versionGuid()).contains(VERSION);
        assertThat(key.namespace()).isEqualTo("course-v1");
        assertThat(key.isDeprecated()).isFalse();
    }

    @Test
    void versionOnlyCourseLocatorHasNoCourseParts() {
        CourseLocator key = CourseLocator.parse("course-v1:version@" + VERSION);

        assertThat(key.org()).isNull();
        assertThat(key.course()).isNull();
        assertThat(key.run()).isNull();
        assertThat(key.branch()).isEmpty();
        assertThat(key.versionGuid()).contains(VERSION);
    }

    @Test
    void deprecatedCourseKeyKeepsItsForm() {
        CourseKey key = CourseKey.parse("edX/DemoX/Demo_Course");

        assertThat(key).isExactlyInstanceOf(CourseLocator.class);
        assertThat(key.isDeprecated()).isTrue();
        assertThat(key.namespace()).isEqualTo("course-v1");
        assertThat(key.org()).isEqualTo("edX");
        assertThat(key.course()).isEqualTo("DemoX");
        assertThat(key.run()).isEqualTo("Demo_Course");
        assertThat(key).isNotEqualTo(CourseKey.parse("course-v1:edX+DemoX+Demo_Course"));
    }

    @Test
    void courseLocatorOf() {
        assertThat(CourseLocator.of("edX", "DemoX", "Demo_Course"))
                .isEqualTo(CourseKey.parse("course-v1:edX+DemoX+Demo_Course"))
                .hasToString("course-v1:edX+DemoX+Demo_Course");
        assertThatThrownBy(() -> CourseLocator.of("edX", "Demo+X", "run"))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessage("Invalid CourseLocator: 'course-v1:edX+Demo+X+run'");
    }

    @Test
    void ccxLocatorIsACourseLocator() {
        CourseKey key = CourseKey.parse("ccx-v1:edx+DemoX+Demo_course+branch@draft+ccx@12");

        assertThat(key).isInstanceOf(CourseLocator.class).isInstanceOf(CcxLocator.class);
        CcxLocator ccx = (CcxLocator) key;
        assertThat(ccx.ccx()).isEqualTo("12");
        assertThat(ccx.org()).isEqualTo("edx");
        assertThat(ccx.course()).isEqualTo("DemoX");
        assertThat(ccx.run()).isEqualTo("Demo_course");
        assertThat(ccx.branch()).contains("draft");
        assertThat(ccx.namespace()).isEqualTo("ccx-v1");
        assertThat(ccx.toCourseLocator()).hasToString("course-v1:edx+DemoX+Demo_course+branch@draft");
        assertThat(ccx).isNotEqualTo(ccx.toCourseLocator());
    }

    @Test
    void legacyLibraryIsACourseKey() {
        CourseKey key = CourseKey.parse("library-v1:MITx+lib1+branch@library");

        assertThat(key).isInstanceOf(LibraryLocator.class);
        LibraryLocator library = (LibraryLocator) key;
        assertThat(library.org()).isEqualTo("MITx");
        assertThat(library.library()).isEqualTo("lib1");
        assertThat(library.course()).isEqualTo("lib1");
        assertThat(library.run()).isEqualTo("library");
        assertThat(library.branch()).contains("library");
        assertThat(library.versionGuid()).isEmpty();
    }

    @Test
    void blockUsageLocatorParts() {
        UsageKey key = UsageKey.parse("block-v1:edx+DemoX+Demo_course+branch@published+type@video+block@intro");

        assertThat(key).isExactlyInstanceOf(BlockUsageLocator.class);
        BlockUsageLocator block = (BlockUsageLocator) key;
        assertThat(block.blockType()).isEqualTo("video");
        assertThat(block.blockId()).isEqualTo("intro");
        assertThat(block.courseKey()).isEqualTo(CourseKey.parse("course-v1:edx+DemoX+Demo_course+branch@published"));
        assertThat(block.contextKey()).isSameAs(block.courseKey());
        assertThat(block.isDeprecated()).isFalse();
        assertThat(block.namespace()).isEqualTo("block-v1");
    }

    @Test
    void deprecatedUsageKeyParts() {
        BlockUsageLocator key = BlockUsageLocator.parse("i4x://edX/DemoX/problem/p1@draft");

        assertThat(key.isDeprecated()).isTrue();
        assertThat(key.blockType()).isEqualTo("problem");
        assertThat(key.blockId()).isEqualTo("p1");
        CourseLocator course = (CourseLocator) key.courseKey();
        assertThat(course.org()).isEqualTo("edX");
        assertThat(course.course()).isEqualTo("DemoX");
        assertThat(course.run()).isNull();
        assertThat(course.branch()).contains("draft");
        assertThat(course.isDeprecated()).isTrue();
    }

    @Test
    void libraryAndCcxUsageLocators() {
        LibraryUsageLocator libraryBlock = LibraryUsageLocator.parse("lib-block-v1:MITx+lib1+type@problem+block@p1");
        assertThat(libraryBlock.libraryKey()).isEqualTo(LibraryLocator.parse("library-v1:MITx+lib1"));
        assertThat(libraryBlock.courseKey()).isSameAs(libraryBlock.libraryKey());
        assertThat(libraryBlock.namespace()).isEqualTo("lib-block-v1");

        CcxBlockUsageLocator ccxBlock =
                CcxBlockUsageLocator.parse("ccx-block-v1:edx+DemoX+Demo_course+ccx@3+type@html+block@b");
        assertThat(ccxBlock.ccx()).isEqualTo("3");
        assertThat(ccxBlock.courseKey()).isEqualTo(CcxLocator.parse("ccx-v1:edx+DemoX+Demo_course+ccx@3"));
        assertThat(ccxBlock.blockType()).isEqualTo("html");
        assertThat(ccxBlock.blockId()).isEqualTo("b");
    }

    @Test
    void learningCoreKeyParts() {
        LibraryLocatorV2 library = LibraryLocatorV2.parse("lib:MITx:reallyhardproblems");
        assertThat(library.org()).isEqualTo("MITx");
        assertThat(library.slug()).isEqualTo("reallyhardproblems");
        assertThat(library).isEqualTo(new LibraryLocatorV2("MITx", "reallyhardproblems"));

        UsageKey usage = UsageKey.parse("lb:MITx:reallyhardproblems:problem:problem1");
        assertThat(usage).isEqualTo(new LibraryUsageLocatorV2(library, "problem", "problem1"));
        assertThat(usage.blockType()).isEqualTo("problem");
        assertThat(usage.blockId()).isEqualTo("problem1");
        assertThat(usage.contextKey()).isEqualTo(library);

        LibraryCollectionLocator collection = LibraryCollectionLocator.parse("lib-collection:MITx:reallyhardproblems:col1");
        assertThat(collection.libKey()).isEqualTo(library);
        assertThat(collection.collectionId()).isEqualTo("col1");
        assertThat(collection.org()).isEqualTo("MITx");

        LibraryContainerLocator container =
                LibraryContainerLocator.parse("lct:MITx:reallyhardproblems:unit:test-container");
        assertThat(container.contextKey()).isEqualTo(library);
        assertThat(container.containerType()).isEqualTo("unit");
        assertThat(container.containerId()).isEqualTo("test-container");
        assertThat(container.namespace()).isEqualTo("lct");
    }

    @Test
    void learningCoreConstructorsValidate() {
        assertThatThrownBy(() -> new LibraryLocatorV2("MIT x", "slug")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LibraryLocatorV2("MITx", null)).isInstanceOf(NullPointerException.class);
        LibraryLocatorV2 library = new LibraryLocatorV2("MITx", "lib");
        assertThatThrownBy(() -> new LibraryUsageLocatorV2(library, "probl\u00e9m", "p1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LibraryContainerLocator(null, "unit", "c1"))
                .isInstanceOf(NullPointerException.class);
        assertThat(new LibraryCollectionLocator(library, "c\u00f6l")).hasToString("lib-collection:MITx:lib:c\u00f6l");
    }

    @Test
    void libraryV2IsALearningContextButNotACourse() {
        assertThat(LearningContextKey.parse("lib:MITx:lib")).isInstanceOf(LibraryLocatorV2.class);
        assertThatThrownBy(() -> CourseKey.parse("lib:MITx:lib")).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void equalityFollowsTheCanonicalText() {
        CourseKey a = CourseKey.parse("course-v1:edX+DemoX+Demo_Course");
        CourseKey b = CourseKey.parse("slashes:edX+DemoX+Demo_Course");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(CourseKey.parse("course-v1:edX+DemoX+Other"));
        assertThat(a).isNotEqualTo(a.toString());
    }

    @Test
    void parseableTypes() {
        assertThat(OpaqueKeys.isParseable(CourseKey.class)).isTrue();
        assertThat(OpaqueKeys.isParseable(CcxLocator.class)).isTrue();
        assertThat(OpaqueKeys.isParseable(String.class)).isFalse();
        assertThat(OpaqueKeys.parseableTypes()).contains(UsageKey.class, LibraryContainerLocator.class)
                .doesNotContain(OpaqueKey.class);
        assertThatThrownBy(() -> OpaqueKeys.parse(OpaqueKey.class, "course-v1:a+b+c"))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(InvalidKeyException.class);
    }
}
