package org.openedx.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whichever signal class a program touches first, the registry lists the signals in catalog order.
 * Each case runs in a fresh copy of the library classes, since class initialisation happens once
 * per class loader.
 */
class RegistrationOrderTest {

    @Test
    void usingLearningSignalsFirstKeepsCatalogOrder() throws Exception {
        assertThat(registryOrderAfterTouching("org.openedx.events.catalog.learning.LearningSignals"))
                .containsExactlyElementsOf(catalogOrder());
    }

    @Test
    void usingContentAuthoringSignalsFirstKeepsCatalogOrder() throws Exception {
        assertThat(registryOrderAfterTouching("org.openedx.events.catalog.contentauthoring.ContentAuthoringSignals"))
                .containsExactlyElementsOf(catalogOrder());
    }

    private static List<String> catalogOrder() {
        return GoldenCatalog.signals().stream().map(s -> s.get("event_type").asText()).toList();
    }

    private static List<String> registryOrderAfterTouching(String signalClass) throws Exception {
        ClassLoader isolated = new IsolatingClassLoader(RegistrationOrderTest.class.getClassLoader());
        Class.forName(signalClass, true, isolated);
        List<?> all = (List<?>) Class.forName("org.openedx.events.SignalRegistry", true, isolated)
                .getMethod("all").invoke(null);
        List<String> eventTypes = new ArrayList<>();
        for (Object signal : all) {
            eventTypes.add((String) signal.getClass().getMethod("eventType").invoke(signal));
        }
        return eventTypes;
    }

    /** Defines its own copy of every {@code org.openedx.events} class; everything else comes from the parent. */
    private static final class IsolatingClassLoader extends ClassLoader {

        IsolatingClassLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.openedx.events.") || name.startsWith(RegistrationOrderTest.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
