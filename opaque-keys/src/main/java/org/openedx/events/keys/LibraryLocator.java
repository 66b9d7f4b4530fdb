package org.openedx.events.keys;

import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;

/**
 * A legacy (v1) content library: {@code library-v1:{org}+{library}[+branch@…][+version@…]} or
 * {@code library-v1:version@{guid}}. For historical reasons it is a {@link CourseKey}, so it is
 * legal in course key fields. It is never deprecated.
 *
 * <p>As upstream, a third {@code +part} after the library name and trailing
 * {@code +type@…+block@…} parts are accepted and dropped.
 */
public final class LibraryLocator implements CourseKey {

    static final String NAMESPACE = "library-v1";
    /** What upstream answers for the run of a library. */
    private static final String RUN = "library";

    private final String org;
    private final String library;
    private final String branch;
    private final String versionGuid;
    private final String text;

    private LibraryLocator(String org, String library, String branch, String versionGuid) {
        this.org = org;
        this.library = library;
        this.branch = branch;
        this.versionGuid = versionGuid;
        this.text = NAMESPACE + ":" + body(org, library, branch, versionGuid);
    }

    /**
     * Parses a {@code library-v1} key; there is no deprecated form.
     *
     * @throws InvalidKeyException naming {@code LibraryLocator} and the text
     */
    public static LibraryLocator parse(String text) {
        return KeyGrammar.parse("LibraryLocator", text, Namespaces.only(NAMESPACE, LibraryLocator::parseBody), null);
    }

    static LibraryLocator parseBody(String body) {
        Matcher m = KeyGrammar.matchLocator(body);
        String version = m.group("version") == null ? null : KeyGrammar.objectId(m.group("version"));
        // The shared grammar reads the library name as the course.
        String org = m.group("org");
        String library = m.group("course");
        if (version == null && (org == null || library == null)) {
            throw new IllegalArgumentException("Either version_guid or org and library should be set");
        }
        return new LibraryLocator(org, library, m.group("branch"), version);
    }

    private static String body(String org, String library, String branch, String versionGuid) {
        StringJoiner parts = new StringJoiner("+");
        if (KeyGrammar.present(library)) {
            parts.add(org).add(library);
            if (KeyGrammar.present(branch)) {
                parts.add("branch@" + branch);
            }
        }
        if (versionGuid != null) {
            parts.add("version@" + versionGuid);
        }
        return parts.toString();
    }

    /** The text after the namespace, as embedded in {@code lib-block-v1} keys. */
    String body() {
        return text.substring(NAMESPACE.length() + 1);
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String org() {
        return org;
    }

    /** The library name; {@code null} for a version-only key. */
    public String library() {
        return library;
    }

    /** The library name, as upstream's deprecated {@code course} property. */
    @Override
    public String course() {
        return library;
    }

    /** Always {@code library}, as upstream's deprecated {@code run} property. */
    @Override
    public String run() {
        return RUN;
    }

    public Optional<String> branch() {
        return Optional.ofNullable(branch);
    }

    /** The version: 24 lower-case hex digits of a BSON ObjectId, when the key names one. */
    public Optional<String> versionGuid() {
        return Optional.ofNullable(versionGuid);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LibraryLocator that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
