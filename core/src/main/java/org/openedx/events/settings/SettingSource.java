package org.openedx.events.settings;

/** Where a setting's value came from, highest precedence first. */
public enum SettingSource {
    CODE("code"),
    SYSTEM_PROPERTY("system property"),
    ENVIRONMENT("environment"),
    FILE("settings file"),
    DEFAULT("default");

    private final String label;

    SettingSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
