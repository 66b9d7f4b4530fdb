package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.EventBusException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start-up that fails on the bus's settings (a wrong value, an invalid producer or consumer
 * config, a backend that cannot be created) ends with the bus's own one-line message, which names
 * the property or setting, instead of a stack of bean-creation errors.
 */
public final class EventBusSettingsFailureAnalyzer extends AbstractFailureAnalyzer<EventBusException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EventBusException cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct the openedx.events.* property or the upstream "
                + "setting (EVENT_BUS_...) named above; the README's \"Settings\" section lists them all.", cause);
    }
}
