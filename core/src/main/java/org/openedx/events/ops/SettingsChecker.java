package org.openedx.events.ops;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.settings.ConsumerConfig;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.ProducerConfig;
import org.openedx.events.settings.Secrets;
import org.openedx.events.settings.Setting;
import org.openedx.events.settings.SettingDefinitions;
import org.openedx.events.settings.Settings;
import org.openedx.events.settings.SettingsCheck;

/**
 * Checks settings before a deploy: every setting every module declares (types, ranges, the
 * producer and consumer configs), names in the settings file that look like ours and are not,
 * then each configured backend reached (its store, server, brokers, schema registry).
 */
public final class SettingsChecker {

    private SettingsChecker() {
    }

    /** Checks the settings and reaches the backends of {@code EVENT_BUS_PRODUCER} and {@code EVENT_BUS_CONSUMER}. */
    public static SettingsReport check(Settings settings, Clock clock) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        List<Setting<?>> known = new ArrayList<>();
        ServiceLoader.load(SettingDefinitions.class).forEach(definitions -> known.addAll(definitions.settings()));
        for (Setting<?> setting : known) {
            problem(problems, setting.name(), () -> settings.get(setting));
        }
        problem(problems, EventBusSettings.EVENT_BUS_PRODUCER_CONFIG.name(),
                () -> ProducerConfig.parse(settings.get(EventBusSettings.EVENT_BUS_PRODUCER_CONFIG)));
        problem(problems, EventBusSettings.EVENT_BUS_CONSUMER_CONFIG.name(),
                () -> ConsumerConfig.parse(settings.get(EventBusSettings.EVENT_BUS_CONSUMER_CONFIG)));
        for (SettingsCheck.UnknownName unknown : SettingsCheck.unknownFileNames(settings, known)) {
            warnings.add(unknown.describe() + settings.file().map(file -> " in " + file).orElse(""));
        }
        Map<String, EventBusBackend> backends = new LinkedHashMap<>();
        backend(problems, EventBusSettings.EVENT_BUS_PRODUCER, EventBusSettings.producerName(settings))
                .ifPresent(backend -> backends.putIfAbsent(backend.name(), backend));
        backend(problems, EventBusSettings.EVENT_BUS_CONSUMER, EventBusSettings.consumerName(settings))
                .ifPresent(backend -> backends.putIfAbsent(backend.name(), backend));
        for (EventBusBackend backend : backends.values()) {
            try (BusAdmin admin = backend.createAdmin(BackendContext.of(settings, clock))) {
                reached.addAll(admin.reach().stream().map(Secrets::maskUrlPasswords).toList());
            } catch (RuntimeException e) {
                problems.add(Secrets.maskUrlPasswords("the " + backend.name() + " backend: " + e.getMessage())
                        .replace('\n', ' '));
            }
        }
        return new SettingsReport(problems, warnings, reached);
    }

    private static Optional<EventBusBackend> backend(List<String> problems, Setting<String> setting,
                                                     Optional<String> name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<EventBusBackend> backend = EventBusBackends.find(name.get());
        if (backend.isEmpty()) {
            problems.add(setting.name() + ": no backend named '" + name.get() + "' (there are "
                    + String.join(", ", EventBusBackends.all().stream().map(EventBusBackend::name).sorted().toList())
                    + ")");
        }
        return backend;
    }

    /** Runs a check; its failure becomes one line naming the setting. */
    private static void problem(List<String> problems, String setting, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage()).replace('\n', ' ');
            problems.add(Secrets.maskUrlPasswords(message.contains(setting) ? message : setting + ": " + message));
        }
    }
}
