package org.openedx.events.bus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.settings.Settings;

/** A backend found through ServiceLoader in the tests; its producers record what they are sent. */
public final class RecordingBackend implements EventBusBackend {

    public record Sent(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData data,
                       EventsMetadata metadata) {
    }

    /** A producer that keeps what it is sent. */
    public static final class RecordingProducer implements EventBusProducer {
        public final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        public boolean closed;

        public RecordingProducer() {
        }

        public RecordingProducer(Settings settings) {
        }

        @Override
        public void send(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData eventData,
                         EventsMetadata metadata) {
            sent.add(new Sent(signal, topic, eventKeyField, eventData, metadata));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A producer whose construction fails, as one with a bad connection setting would. */
    public static final class BrokenProducer implements EventBusProducer {
        public BrokenProducer(Settings settings) {
            throw new IllegalStateException("EVENT_BUS_TEST_URL is not set");
        }

        @Override
        public void send(OpenEdxPublicSignal signal, String topic, String eventKeyField, EventData eventData,
                         EventsMetadata metadata) {
        }
    }

    /** A consumer that returns at once. */
    public static final class IdleConsumer implements EventBusConsumer {
        public final ConsumerSpec spec;

        public IdleConsumer(ConsumerSpec spec, Settings settings) {
            this.spec = spec;
        }

        @Override
        public void consumeIndefinitely() {
        }

        @Override
        public void stop() {
        }
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Set<String> producerAliases() {
        return Set.of("edx_event_bus_recording.create_producer");
    }

    @Override
    public Set<String> consumerAliases() {
        return Set.of("edx_event_bus_recording.RecordingEventConsumer");
    }

    @Override
    public Set<String> consumerOptions() {
        return Set.of("consumer_name");
    }

    @Override
    public EventBusProducer createProducer(Settings settings) {
        return new RecordingProducer(settings);
    }

    @Override
    public EventBusConsumer createConsumer(ConsumerSpec spec, Settings settings) {
        return new IdleConsumer(spec, settings);
    }
}
