package org.openedx.events.wire;

/**
 * Java record component names and wire (upstream attrs) field names: {@code isActive} is
 * {@code is_active}, {@code subTest0} is {@code sub_test_0}.
 */
public final class FieldNames {

    private FieldNames() {
    }

    /** camelCase to snake_case; a digit run starts a new word. */
    public static String toWire(String javaName) {
        StringBuilder wire = new StringBuilder(javaName.length() + 8);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            char previous = i == 0 ? 0 : javaName.charAt(i - 1);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    wire.append('_');
                }
                wire.append(Character.toLowerCase(c));
            } else if (Character.isDigit(c) && i > 0 && !Character.isDigit(previous)) {
                wire.append('_').append(c);
            } else {
                wire.append(c);
            }
        }
        return wire.toString();
    }

    /** snake_case to camelCase. */
    public static String toJava(String wireName) {
        StringBuilder java = new StringBuilder(wireName.length());
        boolean upper = false;
        for (int i = 0; i < wireName.length(); i++) {
            char c = wireName.charAt(i);
            if (c == '_' && i > 0) {
                upper = true;
            } else {
                java.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return java.toString();
    }
}
