package org.openedx.events.settings;

import java.util.List;

/**
 * The settings one module reads, found with {@link java.util.ServiceLoader} so that tools can
 * list every setting with its value, source and documentation.
 */
public interface SettingDefinitions {

    /** The module's name as the listing shows it, e.g. {@code core}, {@code redis}. */
    String module();

    List<Setting<?>> settings();
}
