package org.openedx.events.examples.enrollments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.redis.testing.RedisServer;

/**
 * The packaged service ({@code target/spring-boot-enrollments.jar}, run as its own process) gets
 * SIGTERM while it consumes a burst of enrollment events: it exits on its own, and every event is
 * either in the database or still unacknowledged by its group on Redis, so that the next start
 * handles it; a second start then brings the database to every event.
 */
@Tag("integration")
class EnrollmentsShutdownIT {

    private static final int EVENTS = 3000;
    private static final String COURSE = "course-v1:edX+Burst+2026";

    private final String prefix = "sigterm" + UUID.randomUUID().toString().substring(0, 6);
    private final String stream = prefix + "-" + EnrollmentEvents.TOPIC;
    private RedisServer redis;
    private TestDatabase database;
    private final List<ServiceProcess> processes = new ArrayList<>();

    @BeforeEach
    void startServices() throws IOException {
        redis = RedisServer.start(Files.createTempDirectory("enrollments-sigterm-redis-"));
        database = TestDatabase.create("enrollments_sigterm");
    }

    @AfterEach
    void stopServices() {
        processes.forEach(service -> service.process().destroyForcibly());
        redis.stop();
        database.close();
    }

    @Test
    void sigtermDuringABurstLosesNoEvent() throws Exception {
        Process service = start("first").process();
        await().atMost(Duration.ofSeconds(90)).until(() -> database.count("true") >= 0 && groupExists());

        OffsetDateTime t = EnrollmentEvents.now();
        try (EnrollmentEvents lms = new EnrollmentEvents(redis.url(), prefix)) {
            for (int user = 1; user <= EVENTS; user++) {
                lms.send(LearningSignals.COURSE_ENROLLMENT_CREATED, user, COURSE, "audit", true, t);
            }
            lms.flush();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> database.count("true") > 0);

        service.destroy();   // SIGTERM
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("the service exits after SIGTERM").isTrue();

        long stored = database.count("true");
        long unacknowledged = unacknowledged();
        System.out.printf("SIGTERM with %d of %d events stored, %d unacknowledged on Redis%n", stored, EVENTS,
                unacknowledged);
        assertThat(stored + unacknowledged).as("events stored plus events still unacknowledged").isGreaterThanOrEqualTo(EVENTS);

        start("second");
        await().atMost(Duration.ofSeconds(120)).until(() -> database.count("true") == EVENTS);
    }

    /** Entries the group has not acknowledged: pending (read, not acknowledged) plus not yet read (lag). */
    private long unacknowledged() {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<Object> groups = connection.sync().xinfoGroups(stream);
            assertThat(groups).hasSize(1);
            List<?> fields = (List<?>) groups.get(0);
            long pending = -1;
            long lag = -1;
            for (int i = 0; i < fields.size(); i += 2) {
                if ("pending".equals(fields.get(i))) {
                    pending = (Long) fields.get(i + 1);
                } else if ("lag".equals(fields.get(i))) {
                    lag = (Long) fields.get(i + 1);
                }
            }
            assertThat(pending).isNotNegative();
            assertThat(lag).as("the group's lag (Redis 7 or newer)").isNotNegative();
            return pending + lag;
        } finally {
            client.shutdown();
        }
    }

    private boolean groupExists() {
        String reply = redis.command("EXISTS", stream);
        if (!":1".equals(reply)) {
            return false;
        }
        return !redis.command("XINFO", "GROUPS", stream).equals("*0");
    }

    private ServiceProcess start(String name) throws IOException {
        ServiceProcess process = ServiceProcess.start("shutdown-it-" + name, database,
                "--openedx.events.producer=redis",
                "--openedx.events.consumer=redis",
                "--openedx.events.redis.connection-url=" + redis.url(),
                "--openedx.events.topic-prefix=" + prefix,
                "--openedx.events.redis.consumer-claim-after=1",
                "--openedx.events.audit-logging-enabled=false");
        processes.add(process);
        return process;
    }
}
