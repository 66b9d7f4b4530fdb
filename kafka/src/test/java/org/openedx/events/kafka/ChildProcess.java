package org.openedx.events.kafka;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.settings.Settings;

/**
 * A producer or consumer in its own JVM, for tests that kill it or let it exit.
 *
 * <pre>
 * consume BOOTSTRAP REGISTRY TOPIC GROUP FILE   appends each handled user id to FILE
 * produce BOOTSTRAP REGISTRY TOPIC COUNT        sends COUNT logins and exits without closing the producer
 * </pre>
 */
public final class ChildProcess {

    private ChildProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_PRODUCER", "kafka");
        values.put("EVENT_BUS_CONSUMER", "kafka");
        values.put("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", args[1]);
        values.put("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", args[2]);
        values.put("EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED", false);
        values.put("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", 0.2);
        // A killed member leaves the group after this long, so that its partitions go to the restarted one.
        values.put("EVENT_BUS_KAFKA_CONSUMER_PROPERTIES", Map.of("max.poll.records", 100, "session.timeout.ms", 6000,
                "heartbeat.interval.ms", 1000));
        // Events stay in flight for seconds unless something flushes them.
        values.put("EVENT_BUS_KAFKA_PRODUCER_PROPERTIES", Map.of("linger.ms", 5000, "batch.size", 1_048_576));
        Settings settings = Settings.of(values);
        String topic = args[3];
        if (args[0].equals("consume")) {
            OutputStream out = new FileOutputStream(args[5], true);
            LearningSignals.SESSION_LOGIN_COMPLETED.connect(event -> {
                Thread.sleep(1); // some work per event, so that the test can kill this process mid-way
                out.write((event.data("user", UserData.class).id() + "\n").getBytes(StandardCharsets.US_ASCII));
            });
            EventBusBackends.consumer(settings, ConsumerSpec.of(topic, args[4])).consumeIndefinitely();
        } else {
            EventBusProducer producer = EventBusBackends.producer(settings);
            int count = Integer.parseInt(args[4]);
            for (int i = 0; i < count; i++) {
                producer.send(Fixtures.loginTo(topic, i));
            }
            System.out.println("sent " + count + ", " + producer.stats().pending() + " in flight");
            System.exit(0);
        }
    }
}
