package org.openedx.events.examples.enrollments;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.openedx.events.EventData;
import org.openedx.events.MetadataFactory;
import org.openedx.events.OpenEdxPublicSignal;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.settings.Settings;

/**
 * The LMS's side in the tests: a Redis producer of its own, outside the application, that publishes
 * enrollment events to the topic the example consumes.
 */
final class EnrollmentEvents implements AutoCloseable {

    static final String TOPIC = "learning-course-enrollment-lifecycle";

    private final EventBusProducer producer;
    private final MetadataFactory metadata;

    EnrollmentEvents(String redisUrl, String topicPrefix) {
        Settings settings = Settings.of(Map.of("EVENT_BUS_PRODUCER", "redis", "EVENT_BUS_REDIS_CONNECTION_URL", redisUrl,
                "EVENT_BUS_TOPIC_PREFIX", topicPrefix, "EVENTS_SERVICE_NAME", "lms",
                "EVENT_BUS_AUDIT_LOGGING_ENABLED", false));
        this.producer = EventBusBackends.producer(settings);
        this.metadata = MetadataFactory.of(settings);
    }

    /** Publishes one event of the signal about this enrollment, stamped {@code time}. */
    void send(OpenEdxPublicSignal signal, long userId, String courseKey, String mode, boolean active,
              OffsetDateTime time) {
        CourseEnrollmentData data = new CourseEnrollmentData(
                new UserData(userId, true, new UserPersonalData("user" + userId, "user" + userId + "@example.com",
                        "User " + userId)),
                new CourseData(CourseKey.parse(courseKey), "Demo", null, null), mode, active, time, null);
        producer.send(new OutgoingEvent(signal, TOPIC, "enrollment.course.course_key",
                EventData.of("enrollment", data), metadata.create(signal.eventType(), 0, time)));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Waits until Redis has every event sent so far. */
    void flush() {
        if (!producer.flush(Duration.ofSeconds(30))) {
            throw new IllegalStateException("The test producer could not deliver its events");
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
