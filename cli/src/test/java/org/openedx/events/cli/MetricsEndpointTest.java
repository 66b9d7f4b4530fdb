package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.redis.testing.RedisServer;

/**
 * {@code consume --metrics-port} as a Kubernetes worker: {@code /metrics} counts what the worker
 * consumed, and {@code /health} answers 200 while it reaches Redis, 503 naming the topic and group
 * while the Redis server it uses (its own, on a free port) is stopped, and 200 again once it is back.
 */
@Tag("integration")
class MetricsEndpointTest {

    private static final Pattern ADDRESS = Pattern.compile("metrics at (http://[0-9.]+:[0-9]+)/metrics");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private RedisServer redis;
    private CliProcesses cli;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (cli != null) {
            cli.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void metricsCountWhatWasConsumedAndHealthFollowsTheBackend() throws Exception {
        redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        Path settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_PRODUCER: redis\nEVENT_BUS_CONSUMER: redis\n"
                + "EVENT_BUS_REDIS_CONNECTION_URL: " + redis.url() + "\n"
                + "EVENT_BUS_AUDIT_LOGGING_ENABLED: false\n"
                + "EVENT_BUS_CONSUMER_POLL_FAILURE_SLEEP: 0.1\n"
                + "EVENT_BUS_CONSUMER_RETRY_MAX_DELAY: 0.5\n"
                + "EVENT_BUS_REDIS_CONSUMER_POLL_TIMEOUT: 0.2\n");
        cli = new CliProcesses(dir, settings);
        cli.start("worker.out", "consume", "-t", "logins", "-g", "workers", "--metrics-port", "0");
        await().atMost(PATIENCE).until(() -> ADDRESS.matcher(cli.log("worker.out")).find());
        Matcher found = ADDRESS.matcher(cli.log("worker.out"));
        assertThat(found.find()).isTrue();
        String base = found.group(1);
        assertThat(base).startsWith("http://127.0.0.1:");

        await().atMost(PATIENCE).until(() -> get(base + "/health").statusCode() == 200);
        CliProcesses.awaitExit(cli.start("produce.out", "produce", "-t", "logins", "--file",
                CliProcesses.loginEvents(dir, 3).toString()), 0);
        await().atMost(PATIENCE).until(() -> cli.lineCount("worker.out") == 3);

        HttpResponse<String> metrics = get(base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).containsPattern("messaging_client_consumed_messages_total\\{[^}]*"
                + "messaging_consumer_group_name=\"workers\"[^}]*outcome=\"handled\"[^}]*} 3\\.0");
        assertThat(metrics.body()).contains("openedx_events_consumer_lag{");
        JsonNode up = new ObjectMapper().readTree(get(base + "/health").body());
        assertThat(up.get("status").asText()).isEqualTo("UP");
        assertThat(up.get("consumers").get(0).get("topic").asText()).isEqualTo("logins");
        assertThat(up.get("consumers").get(0).get("state").asText()).isEqualTo("running");

        redis.stop();
        await().atMost(PATIENCE).until(() -> get(base + "/health").statusCode() == 503);
        JsonNode down = new ObjectMapper().readTree(get(base + "/health").body());
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        JsonNode failing = down.get("failing").get(0);
        assertThat(failing.get("topic").asText()).isEqualTo("logins");
        assertThat(failing.get("group").asText()).isEqualTo("workers");
        assertThat(failing.get("state").asText()).isEqualTo("reconnecting");
        assertThat(failing.get("reason").asText()).contains("127.0.0.1:" + redis.port());

        redis.restart();
        await().atMost(PATIENCE).until(() -> get(base + "/health").statusCode() == 200);
        assertThat(get(base + "/metrics").body()).containsPattern("openedx_events_consumer_reconnects_total\\{[^}]*} "
                + "[1-9][0-9]*\\.0");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
