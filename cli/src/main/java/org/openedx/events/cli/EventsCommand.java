package org.openedx.events.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists every registered event type with its key field and whether it can go on the bus. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "List every registered event type, its key field and whether it can go on the bus.",
        footer = {"", "Examples:",
            "  openedx-events events",
            "  openedx-events events --json | jq -r '.[].event_type'",
            "", "Environment: none; this command works on the event catalog alone and reads no settings."})
final class EventsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON array of {event_type, event_key_field, serializable}.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<OpenEdxPublicSignal> signals = SignalRegistry.all();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (OpenEdxPublicSignal signal : signals) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("event_type", signal.eventType());
                row.put("event_key_field", signal.eventKeyField().orElse(null));
                row.put("serializable", signal.serializable());
                rows.add(row);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            int width = signals.stream().mapToInt(s -> s.eventType().length()).max().orElse(10);
            out.printf("%-" + width + "s  %-45s  %s%n", "EVENT TYPE", "KEY FIELD", "ON THE BUS");
            for (OpenEdxPublicSignal signal : signals) {
                out.printf("%-" + width + "s  %-45s  %s%n", signal.eventType(), signal.eventKeyField().orElse("-"),
                        signal.serializable() ? "yes" : "no (known unserializable)");
            }
            out.printf("%d event types%n", signals.size());
        }
        out.flush();
        return 0;
    }
}
