package org.openedx.events.kafka.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.openedx.events.EventBusException;
import org.openedx.events.bus.spi.BusAdmin;
import org.openedx.events.kafka.KafkaSettings;

/** Topic and group operations through kafka-clients' admin client. */
public final class KafkaAdmin implements BusAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    public KafkaAdmin(KafkaSettings settings) {
        try {
            this.admin = Admin.create(ClientConfigs.admin(settings));
        } catch (RuntimeException e) {
            throw ClientConfigs.invalid("admin client", settings, false, e);
        }
    }

    @Override
    public boolean topicExists(String fullTopic) {
        return await("list the topics", admin.listTopics().names()).contains(fullTopic);
    }

    @Override
    public boolean deleteGroup(String fullTopic, String group) {
        try {
            await("delete group '" + group + "'", admin.deleteConsumerGroups(List.of(group)).all());
            return true;
        } catch (EventBusException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    private static <T> T await(String what, org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventBusException("Cannot " + what + " on Kafka: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventBusException("Cannot " + what + " on Kafka: no answer in " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventBusException("Interrupted while waiting to " + what + " on Kafka", e);
        }
    }

    @Override
    public void close() {
        admin.close(TIMEOUT);
    }
}
