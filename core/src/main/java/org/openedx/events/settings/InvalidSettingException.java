package org.openedx.events.settings;

import org.openedx.events.EventBusException;

/**
 * A setting or option has a value that cannot be used; the message names it, the value (masked
 * when secret) and what is expected.
 */
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

    private InvalidSettingException(String setting, String message, boolean option) {
        super(message);
        this.setting = setting;
    }

    /**
     * An {@code --extra} option that cannot be used.
     *
     * @param owner what takes the option, e.g. {@code the redis consumer of topic 'user-login'}
     */
    public static InvalidSettingException option(String option, String owner, String problem) {
        return new InvalidSettingException(option, "Invalid option '" + option + "' of " + owner + ": " + problem, true);
    }

    /** The setting or option at fault. */
    public String setting() {
        return setting;
    }
}
