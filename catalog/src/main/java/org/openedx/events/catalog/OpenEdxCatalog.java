package org.openedx.events.catalog;

import java.util.ArrayList;
import java.util.List;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.SignalCatalog;
import org.openedx.events.catalog.analytics.AnalyticsSignals;
import org.openedx.events.catalog.authz.AuthzSignals;
import org.openedx.events.catalog.contentauthoring.ContentAuthoringSignals;
import org.openedx.events.catalog.enterprise.EnterpriseSignals;
import org.openedx.events.catalog.learning.LearningSignals;

/**
 * Every Open edX event of openedx-events 11.2.0, in upstream module order (analytics, authz,
 * content_authoring, enterprise, learning) and source order within each. Registered as a
 * {@link SignalCatalog} service, so {@link org.openedx.events.SignalRegistry} knows all of them
 * before its first lookup.
 */
public final class OpenEdxCatalog implements SignalCatalog {

    private static final List<OpenEdxPublicSignal> ALL = collect();

    /** For {@link java.util.ServiceLoader}. */
    public OpenEdxCatalog() {
    }

    private static List<OpenEdxPublicSignal> collect() {
        List<OpenEdxPublicSignal> all = new ArrayList<>();
        all.addAll(AnalyticsSignals.all());
        all.addAll(AuthzSignals.all());
        all.addAll(ContentAuthoringSignals.all());
        all.addAll(EnterpriseSignals.all());
        all.addAll(LearningSignals.all());
        return List.copyOf(all);
    }

    /** All 75 signals, in catalog order. */
    public static List<OpenEdxPublicSignal> all() {
        return ALL;
    }

    @Override
    public List<OpenEdxPublicSignal> signals() {
        return ALL;
    }
}
