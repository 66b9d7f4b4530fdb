package org.openedx.events.examples.enrollments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.redis.testing.RedisServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example against a real Redis (a redis-server of this class's own) and PostgreSQL (a database
 * of its own): enrollment events published from outside show in {@code GET /enrollments}, a
 * deactivation publishes one unenrollment after commit and none when it fails, and Actuator shows
 * the consumers' health and meters. The last test stops Redis.
 */
@Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrollmentsIntegrationTest {

    private static final String PREFIX = "it" + UUID.randomUUID().toString().substring(0, 6);
    private static final String STREAM = PREFIX + "-" + EnrollmentEvents.TOPIC;
    private static final String COURSE = "course-v1:edX+DemoX+Demo";
    private static final String OTHER_COURSE = "course-v1:edX+Other+2026";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RedisServer redis;
    private static TestDatabase database;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        redis = RedisServer.start(Files.createTempDirectory("enrollments-redis-"));
        database = TestDatabase.create("enrollments_it");
        registry.add("spring.datasource.url", database::url);
        registry.add("openedx.events.producer", () -> "redis");
        registry.add("openedx.events.consumer", () -> "redis");
        registry.add("openedx.events.redis.connection-url", redis::url);
        registry.add("openedx.events.topic-prefix", () -> PREFIX);
        registry.add("openedx.events.redis.consumer-poll-timeout", () -> "0.5");
        registry.add("openedx.events.consumer-poll-failure-sleep", () -> "0.2");
    }

    @AfterAll
    static void stopServices() {
        redis.stop();
        database.close();
    }

    @Test
    @Order(1)
    void enrollmentEventsFromTheBusShowInEnrollments() throws Exception {
        OffsetDateTime t = EnrollmentEvents.now();
        try (EnrollmentEvents lms = new EnrollmentEvents(redis.url(), PREFIX)) {
            lms.send(LearningSignals.COURSE_ENROLLMENT_CREATED, 1, COURSE, "audit", true, t);
            lms.send(LearningSignals.COURSE_ENROLLMENT_CREATED, 2, COURSE, "audit", true, t);
            lms.send(LearningSignals.COURSE_ENROLLMENT_CHANGED, 2, COURSE, "verified", true, t.plusSeconds(1));
            lms.send(LearningSignals.COURSE_ENROLLMENT_CREATED, 3, OTHER_COURSE, "audit", true, t);
            lms.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(enrollments(COURSE)).isEqualTo(JSON.readTree("""
                [{"user_id": 1, "username": "user1", "course_key": "course-v1:edX+DemoX+Demo", "mode": "audit", "is_active": true},
                 {"user_id": 2, "username": "user2", "course_key": "course-v1:edX+DemoX+Demo", "mode": "verified", "is_active": true}]
                """)));
        assertThat(enrollments(OTHER_COURSE)).hasSize(1);
    }

    @Test
    @Order(2)
    void anEventHandledAgainOrLateChangesNothing() throws Exception {
        long handledBefore = handled();
        OffsetDateTime t = EnrollmentEvents.now();
        try (EnrollmentEvents lms = new EnrollmentEvents(redis.url(), PREFIX)) {
            lms.send(LearningSignals.COURSE_ENROLLMENT_CHANGED, 4, COURSE, "verified", true, t);
            lms.send(LearningSignals.COURSE_ENROLLMENT_CHANGED, 4, COURSE, "verified", true, t);
            lms.send(LearningSignals.COURSE_ENROLLMENT_CREATED, 4, COURSE, "audit", true, t.minusSeconds(5));
            lms.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> handled() >= handledBefore + 3);
        assertThat(database.count("user_id = 4")).isEqualTo(1);
        assertThat(enrollment(COURSE, 4).get("mode").asText()).isEqualTo("verified");
    }

    @Test
    @Order(3)
    void aDeactivationPublishesOneUnenrollmentAfterCommitAndNoneWhenItFails() throws Exception {
        long before = streamLength();
        HttpResponse<String> done = deactivate(1, COURSE, "request-1");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(done.body()).get("is_active").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> streamLength() == before + 1);
        assertThat(lastEntry().getBody()).containsEntry("type",
                "org.openedx.learning.course.unenrollment.completed.v1");

        // The same request id again: the update and the send happen, then the insert fails; all is rolled back.
        HttpResponse<String> repeated = deactivate(2, COURSE, "request-1");
        assertThat(repeated.statusCode()).isEqualTo(409);
        assertThat(enrollment(COURSE, 2).get("is_active").asBoolean()).isTrue();

        // A later deactivation is the next entry: had the failed one been published, it would sit before it.
        assertThat(deactivate(3, OTHER_COURSE, "request-2").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastEntry().getBody().get("event_data").contains(OTHER_COURSE));
        assertThat(streamLength()).isEqualTo(before + 2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(enrollment(OTHER_COURSE, 3).get("is_active").asBoolean()).isFalse());
    }

    @Test
    @Order(4)
    void prometheusShowsTheConsumedMessages() throws Exception {
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("messaging_client_consumed_messages_total\\{[^}]*"
                + "messaging_destination_name=\"" + STREAM + "\"[^}]*outcome=\"handled\"[^}]*} [1-9]");
    }

    @Test
    @Order(5)
    void healthShowsTheConsumersUpThenDownWhenRedisStops() throws Exception {
        HttpResponse<String> up = get("/actuator/health");
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode consumer = JSON.readTree(up.body()).at("/components/openEdxEvents/components/"
                + "consumer-learning-course-enrollment-lifecycle-enrollments-example");
        assertThat(consumer.get("status").asText()).isEqualTo("UP");

        redis.stop();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> down = get("/actuator/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).at("/components/openEdxEvents/components/"
                    + "consumer-learning-course-enrollment-lifecycle-enrollments-example/status").asText())
                    .isEqualTo("DOWN");
        });
    }

    private JsonNode enrollments(String course) throws Exception {
        HttpResponse<String> response = get("/enrollments?course=" + URLEncoder.encode(course, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode enrollment(String course, long userId) throws Exception {
        for (JsonNode row : enrollments(course)) {
            if (row.get("user_id").asLong() == userId) {
                return row;
            }
        }
        throw new AssertionError("No enrollment of user " + userId + " in " + course);
    }

    private long handled() throws Exception {
        JsonNode consumers = JSON.readTree(get("/actuator/openedxevents").body()).get("consumers");
        return consumers.get(0).get("handled").asLong();
    }

    private HttpResponse<String> deactivate(long userId, String course, String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/enrollments/" + userId + "/" + course + "/deactivate"))
                .header("Idempotency-Key", requestId).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static long streamLength() {
        return Long.parseLong(redis.command("XLEN", STREAM).substring(1));
    }

    private static StreamMessage<String, String> lastEntry() {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<StreamMessage<String, String>> last = connection.sync().xrevrange(STREAM, Range.create("-", "+"),
                    Limit.from(1));
            return last.get(0);
        } finally {
            client.shutdown();
        }
    }
}
