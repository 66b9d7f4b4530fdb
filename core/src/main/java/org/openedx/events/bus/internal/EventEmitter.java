package org.openedx.events.bus.internal;

import java.util.ArrayList;
import java.util.List;
import org.openedx.events.EventData;
import org.openedx.events.EventsMetadata;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.ReceiverResponse;
import org.openedx.events.bus.ReceiverFailedException;

/** Hands a consumed event to this process's receivers, the same way in every backend. */
final class EventEmitter {

    private EventEmitter() {
    }

    /**
     * Re-emits the event with the producer's metadata (so the producer bridge does not
     * publish it again) and fails when any receiver failed.
     *
     * @throws ReceiverFailedException naming each receiver that failed and its exception
     */
    static void emit(OpenEdxPublicSignal signal, EventsMetadata metadata, EventData data) {
        List<ReceiverResponse> responses = signal.sendEventWithCustomMetadata(metadata, data);
        List<ReceiverResponse> failures = null;
        for (ReceiverResponse response : responses) {
            if (response.failed()) {
                failures = failures == null ? new ArrayList<>() : failures;
                failures.add(response);
            }
        }
        if (failures == null) {
            return;
        }
        StringBuilder message = new StringBuilder().append(failures.size()).append(" receiver(s) out of ")
                .append(responses.size()).append(" produced errors (stack trace elsewhere in logs) when handling signal ")
                .append(signal).append(": ");
        for (int i = 0; i < failures.size(); i++) {
            message.append(i == 0 ? "" : ", ").append(failures.get(i).receiver()).append('=')
                    .append(failures.get(i).error());
        }
        throw new ReceiverFailedException(message.toString(), failures);
    }
}
