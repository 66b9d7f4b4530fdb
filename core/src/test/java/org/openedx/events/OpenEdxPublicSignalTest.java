package org.openedx.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openedx.events.TestData.UserData;

class OpenEdxPublicSignalTest {

    private static final UserData USER = TestData.user(7);

    @Test
    void sendEvent_callsReceiversInConnectionOrderWithMetadata() {
        OpenEdxPublicSignal signal = TestData.loginSignal("order");
        List<String> calls = new ArrayList<>();
        List<ReceivedEvent> seen = new ArrayList<>();
        signal.connect(event -> calls.add("first"));
        signal.connect(event -> {
            calls.add("second");
            seen.add(event);
        });

        OffsetDateTime time = OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        List<ReceiverResponse> responses = signal.sendEvent(EventData.of("user", USER), SendOptions.at(time));

        assertThat(calls).containsExactly("first", "second");
        assertThat(responses).hasSize(2).noneMatch(ReceiverResponse::failed);
        ReceivedEvent event = seen.get(0);
        assertThat(event.fromEventBus()).isFalse();
        assertThat(event.data("user", UserData.class)).isEqualTo(USER);
        assertThat(event.metadata().eventType()).isEqualTo(signal.eventType());
        assertThat(event.metadata().time()).isEqualTo(time);
        assertThat(event.metadata().minorversion()).isZero();
    }

    @Test
    void connectingTheSameReceiverTwiceConnectsItOnce() {
        OpenEdxPublicSignal signal = TestData.loginSignal("dedup");
        List<String> calls = new ArrayList<>();
        EventReceiver receiver = event -> calls.add("x");
        signal.connect(receiver);
        signal.connect(receiver);
        signal.sendEvent(EventData.of("user", USER));
        assertThat(calls).hasSize(1);

        assertThat(signal.disconnect(receiver)).isTrue();
        signal.sendEvent(EventData.of("user", USER));
        assertThat(calls).hasSize(1);
    }

    @Test
    void countMismatchIsRejected() {
        OpenEdxPublicSignal signal = TestData.loginSignal("mismatch");
        assertThatThrownBy(() -> signal.sendEvent(EventData.of("user", USER, "extra", "x")))
                .isInstanceOf(SenderValidationException.class)
                .hasMessage("SenderValidationError " + signal.eventType()
                        + ": There's a mismatch between initialization data and send_event arguments (expected [user]; "
                        + "unexpected [extra])");
        assertThatThrownBy(() -> signal.sendEvent(EventData.of("usr", USER, "extra", "x")))
                .hasMessageEndingWith("(expected [user]; missing [user]; unexpected [extra, usr])");
    }

    @Test
    void misspelledOrFalsyArgumentIsMissing() {
        OpenEdxPublicSignal signal = TestData.loginSignal("missing");
        String expected = "SenderValidationError " + signal.eventType() + ": Missing required argument 'user'";
        assertThatThrownBy(() -> signal.sendEvent(EventData.of("usr", USER))).hasMessage(expected);
        assertThatThrownBy(() -> signal.sendEvent(EventData.of("user", null))).hasMessage(expected);

        OpenEdxPublicSignal primitive = OpenEdxPublicSignal.builder("org.openedx.test.primitive.falsy.v1")
                .data("count", Long.class).data("label", String.class).build();
        assertThatThrownBy(() -> primitive.sendEvent(EventData.of("count", 0L, "label", "x")))
                .isInstanceOf(SenderValidationException.class)
                .hasMessageEndingWith("Missing required argument 'count'");
        assertThatThrownBy(() -> primitive.sendEvent(EventData.of("count", 1L, "label", "")))
                .hasMessageEndingWith("Missing required argument 'label'");
    }

    @Test
    void wrongTypeNamesTheArgumentAndTheExpectedClass() {
        OpenEdxPublicSignal signal = TestData.loginSignal("wrongtype");
        assertThatThrownBy(() -> signal.sendEvent(EventData.of("user", "bob")))
                .isInstanceOf(SenderValidationException.class)
                .hasMessageStartingWith("SenderValidationError " + signal.eventType()
                        + ": The argument 'user' is not instance of the Class Attribute 'UserData'")
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void disabledSignalReturnsNothingBeforeValidationButStillChecksTheTime() {
        OpenEdxPublicSignal signal = TestData.loginSignal("disabled");
        List<String> calls = new ArrayList<>();
        signal.connect(event -> calls.add("called"));
        signal.disable();

        assertThat(signal.sendEvent(EventData.of("wrong", 1))).isEmpty();
        assertThat(calls).isEmpty();
        OffsetDateTime notUtc = OffsetDateTime.of(2023, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2));
        assertThatThrownBy(() -> signal.sendEvent(EventData.of("user", USER), SendOptions.at(notUtc)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'time' must have timezone.utc");

        signal.enable();
        signal.sendEvent(EventData.of("user", USER));
        assertThat(calls).containsExactly("called");
    }

    @Test
    void robustSendCollectsEachFailureAndRunsEveryReceiver() {
        OpenEdxPublicSignal signal = TestData.loginSignal("robust");
        List<String> calls = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        signal.connect(event -> {
            throw boom;
        });
        signal.connect(event -> calls.add("after"));

        List<ReceiverResponse> responses = signal.sendEvent(EventData.of("user", USER));

        assertThat(calls).containsExactly("after");
        assertThat(responses).hasSize(2);
        assertThat(responses.get(0).error()).isSameAs(boom);
        assertThat(responses.get(1).failed()).isFalse();
    }

    @Test
    void plainSendPropagatesTheFirstFailureAndSkipsTheRest() {
        OpenEdxPublicSignal signal = TestData.loginSignal("plain");
        List<String> calls = new ArrayList<>();
        signal.connect(event -> {
            throw new IOException("disk");
        });
        signal.connect(event -> calls.add("after"));

        assertThatThrownBy(() -> signal.sendEvent(EventData.of("user", USER), SendOptions.DEFAULT.nonRobust()))
                .isInstanceOf(ReceiverException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(calls).isEmpty();

        signal.allowSendEventFailure();
        assertThatThrownBy(() -> signal.sendEvent(EventData.of("user", USER)))
                .isInstanceOf(ReceiverException.class);
    }

    @Test
    void customMetadataIsPassedUnchangedAndMarkedAsFromTheBus() {
        OpenEdxPublicSignal signal = TestData.loginSignal("custom");
        List<ReceivedEvent> seen = new ArrayList<>();
        signal.connect(seen::add);
        EventsMetadata metadata = EventsMetadata.builder(signal.eventType()).source("openedx/lms/web")
                .sourcehost("lms-1").build();

        signal.sendEventWithCustomMetadata(metadata, EventData.of("user", USER));

        assertThat(seen).singleElement().satisfies(event -> {
            assertThat(event.metadata()).isSameAs(metadata);
            assertThat(event.fromEventBus()).isTrue();
        });
    }

    @Test
    void lastSignalOfATypeWinsTheLookup() {
        OpenEdxPublicSignal first = OpenEdxPublicSignal.builder("org.openedx.test.twice.v1").data("user", UserData.class)
                .build();
        OpenEdxPublicSignal second = OpenEdxPublicSignal.builder("org.openedx.test.twice.v1")
                .data("user", UserData.class).build();
        assertThat(SignalRegistry.get("org.openedx.test.twice.v1")).isSameAs(second).isNotSameAs(first);
        assertThat(SignalRegistry.all()).contains(first, second);
        assertThat(second.toString()).isEqualTo("<OpenEdxPublicSignal: org.openedx.test.twice.v1>");
    }

    @Test
    void unknownTypeIsNamed() {
        assertThatThrownBy(() -> SignalRegistry.get("org.openedx.nope.v1"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessage("No OpenEdxPublicSignal of type: 'org.openedx.nope.v1'.");
    }

    static final class AnnotatedReceivers {
        final List<Object> seen = new ArrayList<>();

        @OnEvent("org.openedx.test.login.annotated.v1")
        String onLogin(UserData user, EventsMetadata metadata, boolean fromEventBus) {
            seen.add(user);
            seen.add(metadata.eventType());
            seen.add(fromEventBus);
            return "handled " + user.id();
        }
    }

    @Test
    void annotatedMethodsAreConnectedAndTheirReturnValueIsTheResponse() {
        OpenEdxPublicSignal signal = TestData.loginSignal("annotated");
        AnnotatedReceivers receivers = new AnnotatedReceivers();
        assertThat(Receivers.connect(receivers)).containsExactly(signal);
        Receivers.connect(receivers);

        List<ReceiverResponse> responses = signal.sendEvent(EventData.of("user", USER));

        assertThat(responses).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo("handled 7");
            assertThat(r.receiver()).isEqualTo("AnnotatedReceivers.onLogin");
        });
        assertThat(receivers.seen).containsExactly(USER, signal.eventType(), false);

        Receivers.disconnect(receivers);
        assertThat(signal.sendEvent(EventData.of("user", USER))).isEmpty();
    }

    static final class BadReceiver {
        @OnEvent("org.openedx.test.login.badparam.v1")
        void onLogin(java.io.File file) {
        }
    }

    @Test
    void annotatedMethodWithAParameterThatCannotBeFilledIsRefused() {
        TestData.loginSignal("badparam");
        assertThatThrownBy(() -> Receivers.connect(new BadReceiver()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot fill parameter")
                .hasMessageContaining("File");
    }
}
