package org.openedx.events.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Locale;

/** The conversions from raw setting values; every failure names the setting. */
final class SettingParsers {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private SettingParsers() {
    }

    static String string(String name, Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return String.valueOf(raw);
        }
        throw new InvalidSettingException(name, "expected a string, found " + describe(raw));
    }

    static Boolean bool(String name, Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1":
                    return true;
                case "false", "no", "off", "0", "":
                    return false;
                default:
                    break;
            }
        }
        throw new InvalidSettingException(name, "expected true or false, found " + describe(raw));
    }

    static Integer integer(String name, Object raw) {
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        if (raw instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidSettingException(name, "expected an integer, found " + describe(raw));
    }

    static Double number(String name, Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidSettingException(name, "expected a number, found " + describe(raw));
    }

    static Object structured(String name, Object raw) {
        if (!(raw instanceof String text)) {
            return raw;
        }
        try {
            return YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingException(name, "is not valid YAML or JSON: " + e.getOriginalMessage());
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    static String describe(Object raw) {
        if (raw == null) {
            return "nothing";
        }
        return raw.getClass().getSimpleName() + " '" + Secrets.maskUrlPasswords(String.valueOf(raw)) + "'";
    }
}
