package org.openedx.events.keys;

import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;

/**
 * A course: {@code course-v1:{org}+{course}+{run}[+branch@{branch}][+version@{guid}]}, the
 * version-only {@code course-v1:version@{guid}}, or the deprecated {@code {org}/{course}/{run}}
 * form, which is kept and printed as it was read. {@link CcxLocator} extends it.
 *
 * <p>As upstream, text is accepted in a few non-canonical shapes that print differently:
 * {@code slashes:} as namespace, trailing {@code +type@…+block@…} parts (ignored), and org and
 * course given together with a version but no run (only the version is printed).
 */
public sealed class CourseLocator implements CourseKey permits CcxLocator {

    static final String NAMESPACE = "course-v1";

    private final String org;
    private final String course;
    private final String run;
    private final String branch;
    private final String versionGuid;
    private final boolean deprecated;
    private final String text;

    CourseLocator(String org, String course, String run, String branch, String versionGuid, boolean deprecated,
                  String text) {
        this.org = org;
        this.course = course;
        this.run = run;
        this.branch = branch;
        this.versionGuid = versionGuid;
        this.deprecated = deprecated;
        this.text = text;
    }

    /**
     * A {@code course-v1} key from its three parts.
     *
     * @throws InvalidKeyException when a part is empty or has characters outside {@code [\w\-~.:]}
     */
    public static CourseLocator of(String org, String course, String run) {
        String text = NAMESPACE + ":" + org + "+" + course + "+" + run;
        try {
            KeyGrammar.require(KeyGrammar.ALLOWED_ID, "org", org);
            KeyGrammar.require(KeyGrammar.ALLOWED_ID, "course", course);
            KeyGrammar.require(KeyGrammar.ALLOWED_ID, "run", run);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidKeyException("CourseLocator", text, e);
        }
        return new CourseLocator(org, course, run, null, null, false, text);
    }

    /**
     * Parses a course locator: namespaces {@code course-v1}, {@code slashes} and {@code ccx-v1}
     * (giving a {@link CcxLocator}), or the deprecated {@code org/course/run} form.
     *
     * @throws InvalidKeyException naming {@code CourseLocator} and the text
     */
    public static CourseLocator parse(String text) {
        return KeyGrammar.parse("CourseLocator", text, Namespaces.COURSE_LOCATOR, CourseLocator::parseDeprecated);
    }

    static CourseLocator parseBody(String body) {
        Matcher m = KeyGrammar.matchLocator(body);
        String version = m.group("version") == null ? null : KeyGrammar.objectId(m.group("version"));
        String org = m.group("org");
        String course = m.group("course");
        String run = m.group("run");
        requireCourseOrVersion(org, course, run, version);
        String branch = m.group("branch");
        return new CourseLocator(org, course, run, branch, version, false,
                NAMESPACE + ":" + body(org, course, run, branch, version));
    }

    /** The deprecated {@code org/course/run} form; the run may be empty. */
    static CourseLocator parseDeprecated(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a deprecated course key has exactly two '/': " + text);
        }
        for (String part : parts) {
            KeyGrammar.require(KeyGrammar.DEPRECATED_PART, "deprecated course key", part);
        }
        KeyGrammar.require(KeyGrammar.DEPRECATED_ID, "org", parts[0]);
        KeyGrammar.require(KeyGrammar.DEPRECATED_ID, "course", parts[1]);
        return new CourseLocator(parts[0], parts[1], parts[2], null, null, true, text);
    }

    /** The course key of a deprecated {@code i4x://} usage key: no run, and the revision as branch. */
    static CourseLocator deprecatedWithoutRun(String org, String course, String branch) {
        KeyGrammar.require(KeyGrammar.DEPRECATED_PART, "org", org);
        KeyGrammar.require(KeyGrammar.DEPRECATED_PART, "course", course);
        KeyGrammar.require(KeyGrammar.DEPRECATED_ID, "org", org);
        KeyGrammar.require(KeyGrammar.DEPRECATED_ID, "course", course);
        if (branch != null) {
            KeyGrammar.require(KeyGrammar.DEPRECATED_ID, "branch", branch);
        }
        // Upstream cannot print such a key at all; the closest text is an empty run.
        return new CourseLocator(org, course, null, branch, null, true, org + "/" + course + "/");
    }

    static void requireCourseOrVersion(String org, String course, String run, String version) {
        if (version == null && (org == null || course == null || run == null)) {
            throw new IllegalArgumentException("Either version_guid or org, course, and run should be set");
        }
    }

    /** Upstream's {@code _to_string}: the course parts only when course and run are set. */
    static String body(String org, String course, String run, String branch, String versionGuid) {
        StringJoiner parts = new StringJoiner("+");
        if (KeyGrammar.present(course) && KeyGrammar.present(run)) {
            parts.add(org).add(course).add(run);
            if (KeyGrammar.present(branch)) {
                parts.add("branch@" + branch);
            }
        }
        if (versionGuid != null) {
            parts.add("version@" + versionGuid);
        }
        return parts.toString();
    }

    /** The text after the namespace, as embedded in usage keys; only meaningful for a non-deprecated key. */
    String body() {
        return text.substring(namespace().length() + 1);
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public boolean isDeprecated() {
        return deprecated;
    }

    @Override
    public String org() {
        return org;
    }

    @Override
    public String course() {
        return course;
    }

    @Override
    public String run() {
        return run;
    }

    /** The branch, e.g. {@code published}, when the key names one. */
    public Optional<String> branch() {
        return Optional.ofNullable(branch);
    }

    /** The version: 24 lower-case hex digits of a BSON ObjectId, when the key names one. */
    public Optional<String> versionGuid() {
        return Optional.ofNullable(versionGuid);
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && text.equals(other.toString());
    }

    @Override
    public final int hashCode() {
        return text.hashCode();
    }

    @Override
    public final String toString() {
        return text;
    }
}
