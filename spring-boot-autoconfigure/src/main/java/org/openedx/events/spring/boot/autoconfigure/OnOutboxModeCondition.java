package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.EventBusException;
import org.openedx.events.settings.EventBusSettings;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when an enabled topic entry of {@code EVENT_BUS_PRODUCER_CONFIG} is in {@code outbox}
 * mode, by its own {@code mode} or by {@code EVENT_BUS_PRODUCER_MODE}.
 */
final class OnOutboxModeCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        OutboxTopics topics;
        try {
            // Whether on_commit or immediate is the default does not matter here: neither is outbox.
            topics = OutboxTopics.of(EventBusSettings.from(
                    SpringSettings.from((ConfigurableEnvironment) context.getEnvironment(), false)));
        } catch (EventBusException e) {
            return ConditionOutcome.noMatch("the bus's settings are invalid; the bus reports why as it starts");
        }
        return topics.any()
                ? ConditionOutcome.match("topic '" + topics.entries().get(0).topic() + "' is in outbox mode")
                : ConditionOutcome.noMatch("no topic is in outbox mode");
    }
}
