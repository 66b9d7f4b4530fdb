package org.openedx.events.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventData;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.EventTracing;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.spi.BackendContext;
import org.openedx.events.bus.spi.ConsumerTransport;
import org.openedx.events.bus.spi.InboundBatch;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.embedded.EmbeddedBackend;
import org.openedx.events.settings.Settings;

/**
 * A consumer whose batch outlives its lease before it handles any of it (a long read on a busy
 * machine) renews the lease at its next fetch and goes on, rather than reading the same batch
 * as "not ours" forever: a livelock seen once in CI, with 100% of a core spent and no event handled.
 */
class EmbeddedLeaseTest {

    @TempDir
    Path dir;

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aBatchThatOutlivedTheLeaseIsReadAgainUnderARenewedLease() {
        Settings settings = Settings.of(Map.of("EVENT_BUS_EMBEDDED_PATH", dir.resolve("bus.db").toString(),
                "EVENT_BUS_EMBEDDED_LEASE_SECONDS", 10, "EVENT_BUS_PRODUCER", "embedded"));
        try (EventBusProducer producer = EventBusBackends.producer(settings, DeliveryListener.NONE, EventTracing.NONE,
                Clock.systemUTC())) {
            var signal = LearningSignals.SESSION_LOGIN_COMPLETED;
            producer.send(OutgoingEvent.of(signal, "logins", "user.pii.username", EventData.of("user",
                    new UserData(1, true, new UserPersonalData("ada", "ada@example.com", "Ada")))));
            assertThat(producer.flush(Duration.ofSeconds(30))).isTrue();
        }

        ManualClock clock = new ManualClock();
        EmbeddedBackend backend = new EmbeddedBackend();
        ConsumerTransport transport = backend.createConsumer(ConsumerSpec.of("logins", "g"),
                backend.consumerOptions().parse(Map.of(), "test"), BackendContext.of(settings, clock));
        try {
            transport.connect();
            InboundBatch first = transport.fetch();
            assertThat(first.size()).isEqualTo(1);
            assertThat(first.owned(0)).isTrue();

            clock.advance(Duration.ofSeconds(9));
            assertThat(first.owned(0)).as("past four fifths of the lease, the batch is no longer counted as ours")
                    .isFalse();

            InboundBatch again = transport.fetch();
            assertThat(again.size()).isEqualTo(1);
            assertThat(again.position(0)).isEqualTo(first.position(0));
            assertThat(again.owned(0)).as("the next fetch renewed the lease").isTrue();
        } finally {
            transport.close();
        }
    }
}
