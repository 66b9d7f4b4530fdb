package org.openedx.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.openedx.events.ops.SettingsChecker;
import org.openedx.events.ops.SettingsReport;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.SettingValue;
import org.openedx.events.settings.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Shows every setting's effective value and where it came from, secrets masked. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Show the effective settings with their source; secrets are masked.",
        footer = {"", "Examples:",
            "  openedx-events settings",
            "  EVENT_BUS_PRODUCER=redis openedx-events --settings bus.yml settings --json",
            "  openedx-events --settings bus.yml settings --check   (before a deploy: exit 0 only when all is well)",
            "", "Environment: EVENT_BUS_PRODUCER and EVENT_BUS_CONSUMER choose the backend (embedded, redis, kafka; both "
                    + "unset: embedded); EVENT_BUS_SETTINGS_FILE; see 'openedx-events settings'."})
final class SettingsCommand implements Callable<Integer>, OpenEdxEventsCommand.ReadsSettings {

    @Option(names = "--json", description = "Print a JSON array of {module, name, value, source, doc}.")
    boolean json;

    @Option(names = "--check", description = "Validate every setting (types, producer and consumer configs, names in "
            + "the settings file that look like ours), then reach each configured backend (store, Redis, Kafka brokers, "
            + "schema registry); one line per problem naming the setting; exit 1 unless all is well.")
    boolean check;

    @ParentCommand
    OpenEdxEventsCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (check) {
            return check();
        }
        Settings settings = parent.settings();
        List<Map<String, String>> rows = new ArrayList<>();
        for (SettingDefinitions definitions : ServiceLoader.load(SettingDefinitions.class)) {
            for (Setting<?> setting : definitions.settings()) {
                SettingValue value = settings.resolve(setting);
                Map<String, String> row = new LinkedHashMap<>();
                row.put("module", definitions.module());
                row.put("name", setting.name());
                row.put("value", setting.display(value.value()));
                row.put("source", value.source().label());
                row.put("doc", setting.doc());
                rows.add(row);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            settings.file().ifPresent(file -> out.println("# settings file: " + file));
            for (Map<String, String> row : rows) {
                out.printf("%-45s = %-30s  [%s] (%s)%n", row.get("name"), row.get("value"), row.get("source"),
                        row.get("module"));
            }
        }
        out.flush();
        return 0;
    }

    private int check() {
        SettingsReport report = SettingsChecker.check(parent.busSettings(), Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        report.reached().forEach(line -> out.println("reached: " + line));
        report.warnings().forEach(line -> out.println("warning: " + line));
        report.problems().forEach(line -> out.println("problem: " + line));
        out.println(report.ok() ? "All settings are valid and every backend was reached."
                : report.problems().size() + " problem(s), " + report.warnings().size() + " warning(s).");
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
