package org.openedx.events.kafka.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openedx.events.settings.Settings;

/**
 * One Kafka broker and one schema registry for every test class of the run that uses this
 * extension ({@code @ExtendWith(KafkaServices.class)}), started on first use and stopped at
 * the end. Without a JDK 21+ for the registry the classes are skipped, unless
 * {@code OPENEDX_EVENTS_REQUIRE_KAFKA_TESTS=true} (or {@code -Dopenedx.events.requireKafkaTests=true})
 * makes that a failure, as CI does.
 */
public final class KafkaServices implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaServices.class);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static volatile Services services;

    private record Services(KafkaBroker broker, ApicurioRegistry registry)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try {
                registry.close();
            } finally {
                broker.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        services = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Services.class, key -> {
            ApicurioRegistry registry = startRegistry();
            try {
                return new Services(KafkaBroker.start(), registry);
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
        }, Services.class);
    }

    /** Starts a registry; skips the test (or fails it, when required) without a JDK 21+. */
    public static ApicurioRegistry startRegistry() {
        try {
            return ApicurioRegistry.start(Path.of("target"));
        } catch (ApicurioRegistry.MissingPrerequisite e) {
            if (required()) {
                throw new IllegalStateException("Kafka tests are required here but cannot run: " + e.getMessage(), e);
            }
            Assumptions.abort("Kafka tests skipped: " + e.getMessage());
            throw e;
        }
    }

    private static boolean required() {
        return Boolean.parseBoolean(System.getenv("OPENEDX_EVENTS_REQUIRE_KAFKA_TESTS"))
                || Boolean.getBoolean("openedx.events.requireKafkaTests");
    }

    public static KafkaBroker broker() {
        return services.broker();
    }

    public static ApicurioRegistry registry() {
        return services.registry();
    }

    /** A topic name no other test uses. */
    public static String topic(String name) {
        return name + "-" + TOPICS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** Settings for the shared broker and registry, then {@code more} (name, value, ...). */
    public static Settings settings(Object... more) {
        return settings(broker(), more);
    }

    /** Settings for this broker and the shared registry, then {@code more} (name, value, ...). */
    public static Settings settings(KafkaBroker broker, Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "kafka");
        values.put("EVENT_BUS_CONSUMER", "kafka");
        values.put("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        values.put("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", registry().url());
        values.put("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", 0.2);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return Settings.of(values);
    }
}
