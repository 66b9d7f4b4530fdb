package org.openedx.events.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openedx.events.SignalRegistry;

/** The JUnit 5 extension behind {@link EnableOpenEdxEvents}. */
public final class OpenEdxEventsExtension implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            OpenEdxEventsExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws ClassNotFoundException {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        store.put("snapshot", SignalRegistry.snapshot());
        Class<?> testClass = context.getRequiredTestClass();
        // Initialise the test class now, so that signals it defines in static fields are registered.
        Class.forName(testClass.getName(), true, testClass.getClassLoader());
        EnableOpenEdxEvents annotation = testClass.getAnnotation(EnableOpenEdxEvents.class);
        if (annotation != null) {
            store.put("enabled", EnabledEvents.only(annotation.value()));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        EnabledEvents enabled = store.remove("enabled", EnabledEvents.class);
        if (enabled != null) {
            enabled.close();
        }
        SignalRegistry.restore(store.remove("snapshot", SignalRegistry.Snapshot.class));
    }
}
