package org.openedx.events.examples.enrollments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openedx.events.redis.testing.RedisServer;

/**
 * The packaged service in outbox mode (its {@code application.yml}), as a child process, publishing
 * to a redis-server of the test's own: the deactivate endpoint's events survive Redis being stopped
 * while deactivations are made, and a {@code kill -9} of the service amid them. Every deactivation
 * the endpoint confirmed has its event on the stream, in the order of the requests (one client
 * makes them one after the other); duplicates are allowed, and counted.
 */
@Tag("integration")
class EnrollmentsOutboxIT {

    private static final String COURSE = "course-v1:edX+Outbox+2026";
    private static final int USERS = 1000;
    private static final Pattern USERNAME = Pattern.compile("learner-\\d{6}");

    private final String prefix = "outbox" + UUID.randomUUID().toString().substring(0, 6);
    private final String stream = prefix + "-" + EnrollmentEvents.TOPIC;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceProcess> processes = new ArrayList<>();
    private RedisServer redis;
    private TestDatabase database;

    @BeforeEach
    void startServices() throws IOException {
        // Append-only, so that what Redis confirmed before it stopped is there when it is back.
        redis = RedisServer.start(Files.createTempDirectory("enrollments-outbox-redis-"), "--appendonly", "yes");
        database = TestDatabase.create("enrollments_outbox");
    }

    @AfterEach
    void stopServices() {
        processes.forEach(service -> service.process().destroyForcibly());
        redis.close();
        database.close();
    }

    @Test
    void deactivationsWhileRedisIsStoppedArePublishedInOrderOnceItIsBack() throws Exception {
        ServiceProcess service = startReady("outbox-it-outage");
        database.enroll(COURSE, USERS);
        List<String> confirmed = new ArrayList<>();
        deactivate(service, 1, 50, confirmed);
        await().atMost(Duration.ofSeconds(20)).until(() -> received().containsAll(confirmed));

        redis.stop();
        deactivate(service, 51, 250, confirmed);
        assertThat(confirmed).as("every deactivation is confirmed while Redis is stopped").hasSize(250);
        long waiting = database.outboxRows();
        assertThat(waiting).as("the events of the outage wait in the outbox").isPositive();

        redis.restart();
        await("every deactivation's event on the stream").atMost(Duration.ofSeconds(40))
                .until(() -> received().containsAll(confirmed));
        Delivery delivery = Delivery.of(confirmed, received());
        System.out.printf("Redis outage: %d deactivations, %d waited in the outbox, %s%n", confirmed.size(), waiting,
                delivery);
        assertThat(delivery.reordered()).isZero();
        assertThat(delivery.unexpected()).isZero();
    }

    @Test
    void aKillDuringDeactivationsLosesNoConfirmedEventAndReordersNone() throws Exception {
        ServiceProcess first = startReady("outbox-it-kill-first");
        database.enroll(COURSE, USERS);
        List<String> confirmed = Collections.synchronizedList(new ArrayList<>());
        int[] next = {1};
        Thread client = new Thread(() -> {
            while (next[0] <= USERS) {
                try {
                    deactivate(first, next[0], next[0], confirmed);
                } catch (IOException | InterruptedException | AssertionError e) {
                    return;   // the service is gone: the request in flight may or may not have committed
                }
                next[0]++;
            }
        }, "deactivations");
        client.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmed.size() >= 150 && received().size() >= 50);

        first.process().destroyForcibly();   // SIGKILL
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        client.join();
        int confirmedBeforeKill = confirmed.size();
        long waiting = database.outboxRows();

        ServiceProcess second = startReady("outbox-it-kill-second");
        deactivate(second, next[0] + 1, next[0] + 50, confirmed);
        await("every confirmed deactivation's event on the stream").atMost(Duration.ofSeconds(30))
                .until(() -> received().containsAll(confirmed));
        Delivery delivery = Delivery.of(confirmed, received());
        System.out.printf("kill -9: %d deactivations confirmed before the kill, %d rows waited in the outbox, "
                + "%d confirmed after the restart, %s%n", confirmedBeforeKill, waiting,
                confirmed.size() - confirmedBeforeKill, delivery);
        assertThat(delivery.reordered()).isZero();
        assertThat(delivery.unexpected()).as("at most the request in flight at the kill").isLessThanOrEqualTo(1);
    }

    private ServiceProcess startReady(String name) throws IOException {
        ServiceProcess service = ServiceProcess.start(name, database,
                "--openedx.events.producer=redis",
                "--openedx.events.redis.connection-url=" + redis.url(),
                "--openedx.events.topic-prefix=" + prefix,
                "--openedx.events.workers.enabled=false",
                "--openedx.events.audit-logging-enabled=false",
                // The relay's retries while Redis is stopped: a short wait per attempt, and at most 1 s between them.
                "--openedx.events.redis.producer-delivery-timeout=2",
                "--openedx.events.consumer-retry-max-delay=1");
        processes.add(service);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> get(service, "/enrollments?course=" + COURSE).statusCode() == 200);
        return service;
    }

    /** Deactivates users {@code from..to} one after the other, adding each confirmed one's username. */
    private void deactivate(ServiceProcess service, int from, int to, List<String> confirmed)
            throws IOException, InterruptedException {
        for (int user = from; user <= to; user++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.url(
                            "/enrollments/" + user + "/" + COURSE + "/deactivate")))
                    .header("Idempotency-Key", "deactivate-" + user).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("deactivating user %d: %s", user, response.body()).isEqualTo(200);
            confirmed.add(TestDatabase.username(user));
        }
    }

    private HttpResponse<String> get(ServiceProcess service, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.url(path))).timeout(Duration.ofSeconds(5)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The username of each unenrollment on the stream, in stream order (read from the Avro data's text). */
    private List<String> received() {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> usernames = new ArrayList<>();
            for (StreamMessage<String, String> entry : connection.sync().xrange(stream, Range.create("-", "+"),
                    Limit.unlimited())) {
                Matcher username = USERNAME.matcher(entry.getBody().get("event_data"));
                assertThat(username.find()).as("a username in entry %s", entry.getId()).isTrue();
                usernames.add(username.group());
            }
            return usernames;
        } finally {
            client.shutdown();
        }
    }

    /**
     * What the stream holds against the confirmed deactivations, in order: duplicates, events whose
     * first copy came before that of an event confirmed earlier, and events of no confirmed one.
     */
    record Delivery(int duplicates, int reordered, int unexpected) {

        static Delivery of(List<String> confirmed, List<String> received) {
            Set<String> seen = new HashSet<>();
            int duplicates = 0;
            int reordered = 0;
            int unexpected = 0;
            int last = -1;
            for (String username : received) {
                int position = confirmed.indexOf(username);
                if (!seen.add(username)) {
                    duplicates++;
                } else if (position < 0) {
                    unexpected++;
                } else {
                    if (position < last) {
                        reordered++;
                    }
                    last = Math.max(last, position);
                }
            }
            return new Delivery(duplicates, reordered, unexpected);
        }
    }
}
