package org.openedx.events.settings;

import org.openedx.events.EventBusException;

/** A setting has a value that cannot be used; the message names the setting and what it expects. */
public final class InvalidSettingException extends EventBusException {

    private final String setting;

    public InvalidSettingException(String setting, String problem) {
        super("Invalid setting " + setting + ": " + problem);
        this.setting = setting;
    }

    public InvalidSettingException(String setting, String problem, Throwable cause) {
        super("Invalid setting " + setting + ": " + problem, cause);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
