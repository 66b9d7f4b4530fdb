package org.openedx.events.keys;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The character classes and locator grammars of edx-opaque-keys 4.0.0, and the shared parse steps. */
final class KeyGrammar {

    /*
     * Python's Unicode \w is letters, numbers and underscore. Java's UNICODE_CHARACTER_CLASS \w
     * also takes combining marks, which upstream rejects, hence the explicit class.
     */
    private static final String WORD = "\\p{L}\\p{N}_";
    private static final String ID = "[" + WORD + "\\-~.:]";
    private static final String BLOCK_ID = "[" + WORD + "\\-~.:%]";
    // A '+' that is not the last character, or the end of the text.
    private static final String SEP = "(?:\\+(?=.)|\\z)";
    private static final String COURSE_PART = "(?:(?<org>" + ID + "+)\\+(?<course>" + ID + "+)(?:\\+(?<run>" + ID
            + "+))?" + SEP + ")??";

    /** {@code BlockLocatorBase.URL_RE}: the body of course-v1, library-v1, block-v1 and lib-block-v1 keys. */
    static final Pattern LOCATOR = Pattern.compile(COURSE_PART
            + "(?:branch@(?<branch>" + ID + "+)" + SEP + ")?"
            + "(?:version@(?<version>[a-f0-9]+)" + SEP + ")?"
            + "(?:type@(?<blockType>" + ID + "+)" + SEP + ")?"
            + "(?:block@(?<blockId>" + BLOCK_ID + "+))?");

    /**
     * {@code CCXLocator.URL_RE} of edx-ccx-keys: a mandatory {@code ccx@<digits>} after the
     * version, and the whole grammar case-insensitive (so the version may be upper case).
     */
    static final Pattern CCX_LOCATOR = Pattern.compile(COURSE_PART
            + "(?:branch@(?<branch>" + ID + "+)" + SEP + ")?"
            + "(?:version@(?<version>[A-F0-9]+)" + SEP + ")?"
            + "(?:ccx@(?<ccx>\\p{Nd}+)" + SEP + ")"
            + "(?:type@(?<blockType>" + ID + "+)" + SEP + ")?"
            + "(?:block@(?<blockId>" + ID + "+))?",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** {@code ALLOWED_ID_RE}: what a non-deprecated block id must match. */
    static final Pattern ALLOWED_ID = Pattern.compile(ID + "+");
    /** {@code DEPRECATED_ALLOWED_ID_RE}: deprecated block ids and branches. */
    static final Pattern DEPRECATED_ID = Pattern.compile(BLOCK_ID + "+");
    /** Deprecated org, course and run: nothing outside {@code [\w.%-]}. */
    static final Pattern DEPRECATED_PART = Pattern.compile("[" + WORD + ".%\\-]*");
    /** {@code CheckFieldMixin}'s default: ASCII only. */
    static final Pattern ASCII_FIELD = Pattern.compile("[a-zA-Z0-9_\\-.]+");
    /** Library slugs and the ids of library blocks, collections and containers. */
    static final Pattern UNICODE_FIELD = Pattern.compile("[" + WORD + "\\-.]+");

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-fA-F]{24}");

    private KeyGrammar() {
    }

    /**
     * Upstream's {@code OpaqueKey.from_string}: split at the first ':', find the parser of that
     * namespace among those of the requested type, and on any failure try the deprecated form
     * of the whole text when the type has one.
     */
    static <K> K parse(String keyType, String text, Map<String, ? extends Function<String, ? extends K>> namespaces,
                       Function<String, ? extends K> deprecatedFallback) {
        if (text == null) {
            throw new InvalidKeyException(keyType, null);
        }
        try {
            int colon = text.indexOf(':');
            Function<String, ? extends K> parser = colon < 0 ? null : namespaces.get(text.substring(0, colon));
            if (parser == null) {
                throw new InvalidKeyException(keyType, text);
            }
            return parser.apply(text.substring(colon + 1));
        } catch (IllegalArgumentException invalid) {
            if (deprecatedFallback == null) {
                throw new InvalidKeyException(keyType, text, invalid);
            }
            try {
                return deprecatedFallback.apply(text);
            } catch (IllegalArgumentException alsoInvalid) {
                throw new InvalidKeyException(keyType, text, alsoInvalid);
            }
        }
    }

    /** Matches a locator body against {@link #LOCATOR}. */
    static Matcher matchLocator(String body) {
        Matcher m = LOCATOR.matcher(body);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a locator: " + body);
        }
        return m;
    }

    /** The ':'-separated parts of a Learning-Core key body, which must be exactly {@code count}. */
    static String[] splitExactly(String body, int count) {
        String[] parts = body.split(":", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("expected " + count + " ':'-separated parts: " + body);
        }
        return parts;
    }

    /** A BSON ObjectId in the canonical lower-case form; upstream validates every version this way. */
    static String objectId(String hex) {
        if (!OBJECT_ID.matcher(hex).matches()) {
            throw new IllegalArgumentException("\"" + hex + "\" is not a valid version_guid");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    static String require(Pattern pattern, String field, String value) {
        if (value == null) {
            throw new NullPointerException(field);
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a valid " + field + " field value");
        }
        return value;
    }

    /** Python truthiness of an optional text part. */
    static boolean present(String value) {
        return value != null && !value.isEmpty();
    }
}
