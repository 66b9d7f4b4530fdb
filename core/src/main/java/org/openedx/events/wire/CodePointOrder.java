package org.openedx.events.wire;

/**
 * String order by Unicode code point, as Python compares {@code str}. Java's
 * {@link String#compareTo} compares UTF-16 units, which differs when a character outside
 * the BMP meets one in {@code U+E000..U+FFFF}.
 */
public final class CodePointOrder {

    /** Orders strings by code point. */
    public static final java.util.Comparator<String> COMPARATOR = CodePointOrder::compare;


    private CodePointOrder() {
    }

    public static int compare(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean xSurrogate = Character.isSurrogate(x);
                if (xSurrogate != Character.isSurrogate(y)) {
                    // A surrogate starts a code point above U+FFFF, larger than any BMP character.
                    return xSurrogate ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
