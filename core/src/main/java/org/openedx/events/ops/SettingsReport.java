package org.openedx.events.ops;

import java.util.List;

/**
 * What {@link SettingsChecker} found: one line per problem (naming the setting), per warning and
 * per service reached, with no password or secret in any.
 */
public record SettingsReport(List<String> problems, List<String> warnings, List<String> reached) {

    public SettingsReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        reached = List.copyOf(reached);
    }

    /** Whether all is well: no problem and no warning. */
    public boolean ok() {
        return problems.isEmpty() && warnings.isEmpty();
    }
}
