package org.openedx.events;

import java.util.List;

/**
 * A set of signal definitions, found with {@link java.util.ServiceLoader} so that every
 * signal on the class path is registered before the first lookup (upstream's
 * {@code load_all_signals()}). Implementations list their signals in source order.
 */
public interface SignalCatalog {

    /** The signals this catalog defines; returning them has registered them. */
    List<OpenEdxPublicSignal> signals();
}
