package org.openedx.events.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.openedx.events.MetadataFactory;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalCatalog;
import org.openedx.events.settings.EventBusSettings;
import org.openedx.events.settings.Settings;

/**
 * The process-wide event registry: the one piece of static state the domain demands, as
 * upstream's module-level signal list and map, and which event bus runs (one per process, as
 * one Django application). The running bus owns what sending needs (its metadata factory and
 * {@code DEBUG}); without one, sending uses the environment's.
 */
public final class Registry {

    private static final Registry INSTANCE = new Registry();

    private final List<OpenEdxPublicSignal> all = new ArrayList<>();
    private final Map<String, OpenEdxPublicSignal> byType = new LinkedHashMap<>();
    private final AtomicReference<Runtime> running = new AtomicReference<>();
    /** Held while the catalogs load, so that no thread looks a type up half-way through. */
    private final ReentrantLock loading = new ReentrantLock();
    private volatile boolean catalogsLoaded;

    private Registry() {
    }

    public static Registry get() {
        return INSTANCE;
    }

    /**
     * What sending reads: the metadata factory of new events and whether sends are plain
     * (upstream's Django {@code DEBUG}).
     *
     * @param owner the running bus, or null for the environment's defaults
     */
    public record Runtime(Object owner, MetadataFactory metadataFactory, boolean debug) {

        /** The environment's, read once when first needed. */
        static final class Environment {
            static final Runtime DEFAULTS = of(null, Settings.fromEnvironment());

            private Environment() {
            }
        }

        public static Runtime of(Object owner, Settings settings) {
            return new Runtime(owner, MetadataFactory.of(settings), settings.get(EventBusSettings.DEBUG));
        }
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

    /** The running bus's runtime, or the environment's when no bus runs. */
    public Runtime runtime() {
        Runtime current = running.get();
        return current != null ? current : Runtime.Environment.DEFAULTS;
    }

    /** Records the runtime of a bus that starts; false when another bus runs. */
    public boolean claim(Runtime runtime) {
        return running.compareAndSet(null, runtime);
    }

    /** Forgets the runtime of a bus that stops; false when it was not the running one. */
    public boolean release(Object owner) {
        Runtime current = running.get();
        return current != null && current.owner() == owner && running.compareAndSet(current, null);
    }

    /** A copy of the signal list and map, for tests that add signals of their own. */
    public synchronized Snapshot snapshot() {
        loadCatalogs();
        return new Snapshot(List.copyOf(all), new LinkedHashMap<>(byType));
    }

    public synchronized void restore(Snapshot snapshot) {
        all.clear();
        all.addAll(snapshot.all());
        byType.clear();
        byType.putAll(snapshot.byType());
    }

    /**
     * Loads every catalog once. Other threads wait until it is done (a consumer thread decoding
     * its first event must find every type); the loading thread itself, when a catalog's
     * initialiser looks a type up, goes on with what is registered so far.
     */
    private void loadCatalogs() {
        if (catalogsLoaded) {
            return;
        }
        loading.lock();
        try {
            if (catalogsLoaded || loading.getHoldCount() > 1) {
                return;
            }
            loadAll();
            catalogsLoaded = true;
        } finally {
            loading.unlock();
        }
    }

    private void loadAll() {
        // Not under this object's monitor: loading a catalog class runs its static initialisers, which
        // register. The context class loader finds catalogs that only an application's own loader sees.
        Set<String> loaded = new HashSet<>();
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

    /** A saved signal list and map. */
    public record Snapshot(List<OpenEdxPublicSignal> all, Map<String, OpenEdxPublicSignal> byType) {
    }
}
