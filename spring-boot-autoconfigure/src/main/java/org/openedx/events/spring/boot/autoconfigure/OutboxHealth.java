package org.openedx.events.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.openedx.events.outbox.OutboxAdmin;
import org.openedx.events.outbox.OutboxRelay;
import org.openedx.events.outbox.OutboxTopicStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The outbox for Actuator: UP while its relay runs and no row is parked, with the rows waiting
 * and the oldest one's age; DOWN when a row is parked (its topic's relay waits for
 * {@code openedx-events outbox retry} or {@code purge}) or the outbox cannot be read;
 * OUT_OF_SERVICE when the relay is stopped.
 */
final class OutboxHealth implements HealthIndicator {

    private final OutboxAdmin admin;
    private final OutboxRelayLifecycle relay;

    OutboxHealth(OutboxAdmin admin, OutboxRelayLifecycle relay) {
        this.admin = admin;
        this.relay = relay;
    }

    @Override
    public Health health() {
        List<OutboxTopicStatus> status = admin.status();
        long rows = status.stream().mapToLong(OutboxTopicStatus::rows).sum();
        long parked = status.stream().mapToLong(OutboxTopicStatus::parked).sum();
        Duration oldest = status.stream().map(OutboxTopicStatus::oldestAge).max(Duration::compareTo).orElse(Duration.ZERO);
        Health.Builder builder = relay.relay().isEmpty() ? Health.outOfService()
                : parked > 0 ? Health.down() : Health.up();
        builder.withDetail("rows", rows).withDetail("parked", parked).withDetail("oldestAge", oldest.toString())
                .withDetail("relayed", relay.relay().map(OutboxRelay::published).orElse(0L));
        if (parked > 0) {
            builder.withDetail("parkedTopics", status.stream().filter(s -> s.parked() > 0)
                    .map(OutboxTopicStatus::fullTopic).toList());
        }
        return builder.build();
    }
}
