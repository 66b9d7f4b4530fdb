package org.openedx.events.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalCatalog;

/**
 * The process-wide event registry: the one piece of static state the domain demands, as
 * upstream's module-level signal list and map. It also holds what every send needs and
 * that the running {@code EventBus} configures: the service name for metadata, the
 * {@code DEBUG} switch and the UUID generator.
 */
public final class Registry {

    private static final Registry INSTANCE = new Registry();

    private final List<OpenEdxPublicSignal> all = new ArrayList<>();
    private final Map<String, OpenEdxPublicSignal> byType = new LinkedHashMap<>();
    private final Uuid1Generator uuids = new Uuid1Generator();
    private final String hostName = readHostName();
    private volatile boolean catalogsLoaded;
    private volatile RuntimeOptions options;
    private final java.util.concurrent.atomic.AtomicReference<Object> runningBus =
            new java.util.concurrent.atomic.AtomicReference<>();

    private Registry() {
    }

    public static Registry get() {
        return INSTANCE;
    }

    /** Called by every signal's constructor: the last signal of a type wins, as upstream. */
    public synchronized void register(OpenEdxPublicSignal signal) {
        all.add(signal);
        byType.put(signal.eventType(), signal);
    }

    /** Every signal, in registration order, after every catalog on the class path has loaded. */
    public List<OpenEdxPublicSignal> all() {
        loadCatalogs();
        synchronized (this) {
            return List.copyOf(all);
        }
    }

    public Optional<OpenEdxPublicSignal> find(String eventType) {
        loadCatalogs();
        synchronized (this) {
            return Optional.ofNullable(byType.get(eventType));
        }
    }

    public UUID newEventId() {
        return uuids.next();
    }

    public String hostName() {
        return hostName;
    }

    /** The options the running event bus set, or else those of the environment's settings. */
    public RuntimeOptions options() {
        RuntimeOptions current = options;
        if (current == null) {
            current = RuntimeOptions.of(org.openedx.events.settings.Settings.fromEnvironment());
            options = current;
        }
        return current;
    }

    public void options(RuntimeOptions options) {
        this.options = options;
    }

    /** Records the running event bus; false when another one runs. */
    public boolean claimBus(Object bus) {
        return runningBus.compareAndSet(null, bus);
    }

    public boolean releaseBus(Object bus) {
        return runningBus.compareAndSet(bus, null);
    }

    /** A copy of the signal list and map, for tests that add signals of their own. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(all), new LinkedHashMap<>(byType), options);
    }

    public synchronized void restore(Snapshot snapshot) {
        all.clear();
        all.addAll(snapshot.all());
        byType.clear();
        byType.putAll(snapshot.byType());
        options = snapshot.options();
    }

    private void loadCatalogs() {
        if (catalogsLoaded) {
            return;
        }
        synchronized (this) {
            if (catalogsLoaded) {
                return;
            }
            catalogsLoaded = true;
        }
        // Outside the lock: loading a catalog class runs its static initialisers, which register.
        // The context class loader finds catalogs that only an application's own loader sees.
        java.util.Set<String> loaded = new java.util.HashSet<>();
        for (ClassLoader loader : new ClassLoader[] {Registry.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader == null || !seesThisRegistry(loader)) {
                continue;
            }
            for (SignalCatalog catalog : ServiceLoader.load(SignalCatalog.class, loader)) {
                if (loaded.add(catalog.getClass().getName())) {
                    catalog.signals();
                }
            }
        }
    }

    /** Whether the loader's {@link SignalCatalog} is this one (an isolated loader's would not be). */
    private static boolean seesThisRegistry(ClassLoader loader) {
        try {
            return Class.forName(SignalCatalog.class.getName(), false, loader) == SignalCatalog.class;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The kernel's host name, as Python's {@code socket.gethostname()} (no DNS lookup). */
    private static String readHostName() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException notLinux) {
            // Fall through to the portable lookup.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** A saved registry state. */
    public record Snapshot(List<OpenEdxPublicSignal> all, Map<String, OpenEdxPublicSignal> byType,
                           RuntimeOptions options) {
    }
}
