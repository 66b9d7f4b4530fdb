package org.openedx.events.kafka;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openedx.events.EventData;
import org.openedx.events.EventReceiver;
import org.openedx.events.EventsMetadata;
import org.openedx.events.ReceivedEvent;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;

/** Events and receivers the Kafka tests share. */
final class Fixtures {

    static final String LOGIN_TYPE = "org.openedx.learning.auth.session.login.completed.v1";
    static final String ENROLLMENT_TYPE = "org.openedx.learning.course.enrollment.created.v1";

    private Fixtures() {
    }

    /** A login of user {@code n}, key {@code user.pii.username} = {@code user<n>}. */
    static EventData login(long n) {
        return EventData.of("user", new UserData(n, true, new UserPersonalData("user" + n, "user" + n + "@example.com",
                "User " + n)));
    }

    /** kafka.md's example login: id 123, {@code foobob}, {@code bob@foo.example}, {@code Bob Foo}. */
    static EventData foobob() {
        return EventData.of("user", new UserData(123, true, new UserPersonalData("foobob", "bob@foo.example",
                "Bob Foo")));
    }

    static EventData enrollment(String courseKey) {
        UserData user = new UserData(7, true, new UserPersonalData("ada", "ada@example.com", "Ada"));
        CourseData course = new CourseData(CourseKey.parse(courseKey), "Demo", null, null);
        return EventData.of("enrollment", new CourseEnrollmentData(user, course, "audit", true,
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), null));
    }

    /** A login of user {@code n} to {@code topic}, keyed by {@code user.pii.username} as upstream's config does. */
    static OutgoingEvent loginTo(String topic, long n) {
        return new OutgoingEvent(LearningSignals.SESSION_LOGIN_COMPLETED, topic, "user.pii.username", login(n),
                loginMetadata());
    }

    static EventsMetadata loginMetadata() {
        return LearningSignals.SESSION_LOGIN_COMPLETED.generateSignalMetadata(null);
    }

    /** Records what it receives. */
    static final class Recorder implements EventReceiver {
        final List<ReceivedEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void receive(ReceivedEvent event) {
            events.add(event);
        }

        List<Long> userIds() {
            synchronized (events) {
                return events.stream().map(e -> e.data("user", UserData.class).id()).toList();
            }
        }

        int size() {
            return events.size();
        }
    }
}
