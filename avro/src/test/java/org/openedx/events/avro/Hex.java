package org.openedx.events.avro;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte vectors written as in the spec: hex bytes and quoted UTF-8 text. */
final class Hex {

    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|([0-9a-fA-F]{2})|(\\S+)");

    private Hex() {
    }

    static byte[] bytes(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = TOKEN.matcher(spec);
        while (m.find()) {
            if (m.group(1) != null) {
                out.writeBytes(m.group(1).getBytes(StandardCharsets.UTF_8));
            } else if (m.group(2) != null) {
                out.write(Integer.parseInt(m.group(2), 16));
            } else {
                throw new IllegalArgumentException("bad token " + m.group(3));
            }
        }
        return out.toByteArray();
    }

    static String of(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    static String of(String spec) {
        return of(bytes(spec));
    }
}
