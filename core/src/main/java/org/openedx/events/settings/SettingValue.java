package org.openedx.events.settings;

/** A raw setting value and the source it came from. */
public record SettingValue(Object value, SettingSource source) {
}
