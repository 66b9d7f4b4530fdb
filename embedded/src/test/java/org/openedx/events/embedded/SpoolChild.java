package org.openedx.events.embedded;

import java.time.Clock;
import java.util.concurrent.locks.LockSupport;
import org.openedx.events.EventData;
import org.openedx.events.bus.DeliveryListener;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.bus.ProducerInfo;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.settings.Settings;

/**
 * {@code <topic> <from> <count>}: a producer process, settings from {@code -D} properties, that
 * sends login events of users {@code from, from + 1, ...} and prints {@code accepted <user id>}
 * once the producer confirmed one (in spool mode: durable in the spool), then stays alive, forwarding,
 * until it is killed.
 */
public final class SpoolChild {

    static final String ACCEPTED = "accepted ";

    private SpoolChild() {
    }

    static OutgoingEvent login(String topic, long user) {
        return new OutgoingEvent(LearningSignals.SESSION_LOGIN_COMPLETED, topic, "user.pii.username",
                EventData.of("user", new UserData(user, true, new UserPersonalData("learner" + user,
                        "learner" + user + "@example.com", "Learner " + user))),
                LearningSignals.SESSION_LOGIN_COMPLETED.generateSignalMetadata(null));
    }

    public static void main(String[] args) {
        String topic = args[0];
        long from = Long.parseLong(args[1]);
        long count = Long.parseLong(args[2]);
        DeliveryListener printer = new DeliveryListener() {
            @Override
            public void delivered(ProducerInfo producer, OutgoingEvent event, String position, long nanos) {
                System.out.println(ACCEPTED + event.data().get("user", UserData.class).id());
                System.out.flush();
            }
        };
        EventBusProducer producer = EventBusBackends.producer(Settings.fromEnvironment(), printer, Clock.systemUTC());
        for (long user = from; user < from + count; user++) {
            producer.send(login(topic, user));
        }
        while (true) {
            LockSupport.park();
        }
    }
}
