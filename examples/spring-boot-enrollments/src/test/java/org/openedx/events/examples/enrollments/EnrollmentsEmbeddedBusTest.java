package org.openedx.events.examples.enrollments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openedx.events.EventData;
import org.openedx.events.MetadataFactory;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.bus.OutgoingEvent;
import org.openedx.events.catalog.learning.CourseData;
import org.openedx.events.catalog.learning.CourseEnrollmentData;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.catalog.learning.UserPersonalData;
import org.openedx.events.keys.CourseKey;
import org.openedx.events.settings.Settings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example as configured in its {@code application.yml}, on the embedded bus, with the bus's
 * file given under its upstream name: an enrollment another process publishes to that file shows
 * in the database.
 */
@Tag("integration")
@SpringBootTest
@DirtiesContext
class EnrollmentsEmbeddedBusTest {

    private static final String COURSE = "course-v1:edX+Embedded+2026";

    private static Path busDir;

    private static TestDatabase database;

    @Autowired
    EnrollmentRepository enrollments;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        busDir = Files.createTempDirectory("enrollments-embedded-");
        database = TestDatabase.create("enrollments_embedded");
        registry.add("spring.datasource.url", database::url);
        registry.add("EVENT_BUS_EMBEDDED_PATH", () -> busDir.resolve("bus.db").toString());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void anEnrollmentPublishedToTheEmbeddedBusIsRecorded() {
        Settings lms = Settings.of(Map.of("EVENT_BUS_PRODUCER", "embedded",
                "EVENT_BUS_EMBEDDED_PATH", busDir.resolve("bus.db").toString()));
        try (EventBusProducer producer = EventBusBackends.producer(lms)) {
            CourseEnrollmentData data = new CourseEnrollmentData(
                    new UserData(7, true, new UserPersonalData("grace", "grace@example.com", "Grace")),
                    new CourseData(CourseKey.parse(COURSE), "Embedded", null, null), "honor", true,
                    EnrollmentEvents.now(), null);
            producer.send(new OutgoingEvent(LearningSignals.COURSE_ENROLLMENT_CREATED, EnrollmentEvents.TOPIC,
                    "enrollment.course.course_key", EventData.of("enrollment", data),
                    MetadataFactory.of(lms).create(LearningSignals.COURSE_ENROLLMENT_CREATED.eventType(), 0,
                            EnrollmentEvents.now())));
            assertThat(producer.flush(Duration.ofSeconds(10))).isTrue();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(enrollments.byCourse(COURSE))
                .containsExactly(new Enrollment(7, "grace", COURSE, "honor", true)));
    }
}
