package org.openedx.events.kafka.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;
import org.openedx.events.settings.Settings;

/**
 * One Kafka broker and one schema registry for every test class of the run that uses this
 * extension ({@code @ExtendWith(KafkaServices.class)}), started on first use and stopped at
 * the end. Without a JDK 21+ for the registry the classes are skipped, unless
 * {@code OPENEDX_EVENTS_REQUIRE_KAFKA_TESTS=true} (or {@code -Dopenedx.events.requireKafkaTests=true})
 * makes that a failure, as CI does. A skip is not silent: when the test JVM ends, one WARNING
 * line in the build's output names the skipped classes and why.
 */
public final class KafkaServices implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaServices.class);
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static volatile Services services;
    /** The classes skipped for want of a prerequisite, and why; reported once, as the test JVM ends. */
    private static final Set<String> SKIPPED = new ConcurrentSkipListSet<>();
    private static volatile String skippedBecause;

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
        try {
            services = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Services.class, key -> {
                ApicurioRegistry registry = startRegistry();
                try {
                    return new Services(KafkaBroker.start(), registry);
                } catch (RuntimeException e) {
                    registry.close();
                    throw e;
                }
            }, Services.class);
        } catch (TestAbortedException e) {
            // The store keeps the first class's failure for the others: each is skipped, and named.
            SKIPPED.add(context.getRequiredTestClass().getSimpleName());
            throw e;
        }
    }

    /**
     * Starts a registry; skips the test (or fails it, when required) without a JDK 21+, and
     * reports the skip in the build's output.
     */
    public static ApicurioRegistry startRegistry() {
        try {
            return ApicurioRegistry.start(Path.of("target"));
        } catch (ApicurioRegistry.MissingPrerequisite e) {
            if (required()) {
                throw new IllegalStateException("Kafka tests are required here but cannot run: " + e.getMessage(), e);
            }
            reportSkip(e.getMessage());
            Assumptions.abort("Kafka tests skipped: " + e.getMessage());
            throw e;
        }
    }

    /**
     * Notes a skipped class; the first one registers the report. Surefire keeps what tests print
     * in files (redirectTestOutputToFile), so the report goes to the test JVM's own standard
     * error, which surefire copies into the build's output as it is.
     */
    private static synchronized void reportSkip(String reason) {
        if (skippedBecause == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaServices::printSkipped, "kafka-tests-skipped"));
        }
        skippedBecause = reason;
    }

    private static void printSkipped() {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        String what = SKIPPED.isEmpty() ? "the tests that start a schema registry" : String.join(", ", SKIPPED);
        err.println("[WARNING] Kafka tests SKIPPED (" + what + "): " + skippedBecause
                + "; set REGISTRY_JAVA_HOME to a JDK 21+, or OPENEDX_EVENTS_REQUIRE_KAFKA_TESTS=true to fail instead");
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
