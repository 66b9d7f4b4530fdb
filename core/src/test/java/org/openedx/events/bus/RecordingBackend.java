package org.openedx.events.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.openedx.events.EventData;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.DeadLetter;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.bus.spi.EventBusBackend;
import org.openedx.events.bus.spi.EventCodec;
import org.openedx.events.bus.spi.InboundBatch;
import org.openedx.events.bus.spi.ProducerTransport;
import org.openedx.events.settings.OptionTable;
import org.openedx.events.settings.Setting;

/**
 * A backend found through ServiceLoader in the tests: its producer transports record what they
 * are given, in {@link #WRITTEN}, and its consumers find nothing.
 */
public final class RecordingBackend implements EventBusBackend {

    /** What every recording producer was given, in order. */
    public static final List<EncodedEvent> WRITTEN = Collections.synchronizedList(new ArrayList<>());

    static final Setting<String> CONSUMER_NAME = Setting.string("consumer_name", null, "The consumer's name.");

    /** The data's text as its bytes: enough to see that the pipeline encoded it once, with this codec. */
    static final EventCodec CODEC = new EventCodec() {
        @Override
        public byte[] serialize(OpenEdxPublicSignal signal, EventData data) {
            return data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public EventData deserialize(OpenEdxPublicSignal signal, byte[] bytes) {
            throw new UnsupportedOperationException("the recording backend only records");
        }

        @Override
        public String toJson(OpenEdxPublicSignal signal, EventData data) {
            return data.toString();
        }
    };

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
    public OptionTable consumerOptions() {
        return OptionTable.of(CONSUMER_NAME);
    }

    @Override
    public EventCodec codec() {
        return CODEC;
    }

    @Override
    public ProducerTransport createProducer(BackendContext context) {
        if (context.settings().raw("EVENT_BUS_TEST_BROKEN").isPresent()) {
            throw new IllegalStateException("EVENT_BUS_TEST_URL is not set");
        }
        return new ProducerTransport() {
            @Override
            public void write(EncodedEvent event, WriteCallback callback) {
                WRITTEN.add(event);
                callback.delivered(event, Integer.toString(WRITTEN.size()));
            }

            @Override
            public Duration deliveryTimeout() {
                return Duration.ZERO;
            }

            @Override
            public void close(Duration timeout) {
            }
        };
    }

    @Override
    public ConsumerTransport createConsumer(ConsumerSpec spec, OptionTable.Options options, BackendContext context) {
        return new ConsumerTransport() {
            @Override
            public String consumerName() {
                return options.get(CONSUMER_NAME);
            }

            @Override
            public void connect() {
            }

            @Override
            public InboundBatch fetch() {
                return InboundBatch.EMPTY;
            }

            @Override
            public void commit() {
            }

            @Override
            public String deadLetter(InboundBatch batch, int index, DeadLetter letter) {
                throw new UnsupportedOperationException("nothing is ever fetched");
            }

            @Override
            public void stopping() {
            }

            @Override
            public void close() {
            }
        };
    }
}
