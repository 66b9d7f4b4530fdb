package org.openedx.events.keys;

import java.util.regex.Matcher;

/**
 * A custom course (edx-ccx-keys {@code CCXLocator}):
 * {@code ccx-v1:{org}+{course}+{run}[+branch@…][+version@…]+ccx@{id}}. It is a
 * {@link CourseLocator}, so it is legal wherever a {@link CourseKey} is. It is never deprecated.
 *
 * <p>As upstream, the grammar is case-insensitive ({@code CCX@1} is read, and prints as
 * {@code ccx@1}; an upper-case version prints in lower case), and trailing
 * {@code +type@…+block@…} parts are ignored.
 */
public final class CcxLocator extends CourseLocator {

    static final String NAMESPACE = "ccx-v1";

    private final String ccx;

    private CcxLocator(String org, String course, String run, String branch, String versionGuid, String ccx) {
        super(org, course, run, branch, versionGuid, false,
                NAMESPACE + ":" + CourseLocator.body(org, course, run, branch, versionGuid) + "+ccx@" + ccx);
        this.ccx = ccx;
    }

    /**
     * Parses a {@code ccx-v1} key; there is no deprecated form.
     *
     * @throws InvalidKeyException naming {@code CcxLocator} and the text
     */
    public static CcxLocator parse(String text) {
        return KeyGrammar.parse("CcxLocator", text, Namespaces.only(NAMESPACE, CcxLocator::parseBody), null);
    }

    static CcxLocator parseBody(String body) {
        Matcher m = matchBody(body);
        return new CcxLocator(m.group("org"), m.group("course"), m.group("run"), m.group("branch"),
                m.group("version") == null ? null : KeyGrammar.objectId(m.group("version")), m.group("ccx"));
    }

    /** Matches a CCX body and checks the course part; CCX usage keys share it. */
    static Matcher matchBody(String body) {
        Matcher m = KeyGrammar.CCX_LOCATOR.matcher(body);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a CCX locator: " + body);
        }
        String version = m.group("version") == null ? null : KeyGrammar.objectId(m.group("version"));
        requireCourseOrVersion(m.group("org"), m.group("course"), m.group("run"), version);
        return m;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    /** The CCX id: decimal digits, as written. */
    public String ccx() {
        return ccx;
    }

    /** The plain course this CCX is built on (upstream {@code to_course_locator}). */
    public CourseLocator toCourseLocator() {
        String version = versionGuid().orElse(null);
        String branch = branch().orElse(null);
        return new CourseLocator(org(), course(), run(), branch, version, false,
                CourseLocator.NAMESPACE + ":" + CourseLocator.body(org(), course(), run(), branch, version));
    }
}
