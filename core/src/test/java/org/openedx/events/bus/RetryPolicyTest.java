package org.openedx.events.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openedx.events.ReceiverResponse;
import org.openedx.events.SenderValidationException;
import org.openedx.events.UnknownEventTypeException;
import org.openedx.events.bus.spi.TransportException;
import org.openedx.events.wire.UnusableMessageException;

class RetryPolicyTest {

    @Test
    void aReceiversOwnFailureIsWorthAnotherTry() {
        assertThat(RetryPolicy.isRetriable(new IllegalStateException("database down"))).isTrue();
        assertThat(RetryPolicy.isRetriable(failed(new java.io.UncheckedIOException(new java.io.IOException("x")))))
                .isTrue();
    }

    @Test
    void failuresThatCannotChangeAreNot() {
        assertThat(RetryPolicy.isRetriable(new SenderValidationException("t", "bad"))).isFalse();
        assertThat(RetryPolicy.isRetriable(new UnusableMessageException("no type"))).isFalse();
        assertThat(RetryPolicy.isRetriable(new UnknownEventTypeException("org.openedx.nope.v1"))).isFalse();
        assertThat(RetryPolicy.isRetriable(new RuntimeException("wrapped", new ClassCastException("x")))).isFalse();
        assertThat(RetryPolicy.isRetriable(failed(new ClassCastException("x")))).isFalse();
    }

    @Test
    void aRetriableCauseWinsAndOneRetriableReceiverIsEnough() {
        assertThat(RetryPolicy.isRetriable(new RetriableEventBusException("registry down",
                new IllegalArgumentException("x")))).isTrue();
        assertThat(RetryPolicy.isTransient(new TransportException("lost", null))).isTrue();
        assertThat(RetryPolicy.isTransient(new IllegalStateException("x"))).isFalse();
        assertThat(RetryPolicy.isRetriable(new ReceiverFailedException("2 failed", List.of(
                new ReceiverResponse("a", null, new ClassCastException("x")),
                new ReceiverResponse("b", null, new IllegalStateException("down")))))).isTrue();
    }

    private static ReceiverFailedException failed(Exception error) {
        return new ReceiverFailedException("1 failed", List.of(new ReceiverResponse("r", null, error)));
    }
}
