package org.openedx.events.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;

/** How raw values are shown in messages and listings. */
final class SettingParsers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingParsers() {
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** A raw value for an error message: its type and text (URL passwords masked), at most 200 characters. */
    static String describe(Object raw) {
        if (raw == null) {
            return "nothing";
        }
        String text = Secrets.maskUrlPasswords(raw instanceof String s ? s : toJson(raw));
        if (text.length() > 200) {
            text = text.substring(0, 200) + "...";
        }
        return raw.getClass().getSimpleName() + " '" + text + "'";
    }

    /** A duration as a number of seconds, e.g. {@code 0.1}. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
