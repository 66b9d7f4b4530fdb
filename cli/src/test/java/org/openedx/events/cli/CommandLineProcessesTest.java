package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a real process shows: its log levels, its signals and its exit status. */
class CommandLineProcessesTest {

    @TempDir
    Path dir;
    private Path settings;
    private CliProcesses cli;

    @BeforeEach
    void prepare() throws IOException {
        settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\n"
                + "EVENT_BUS_CONSUMER_MAX_RETRIES: 1\nEVENT_BUS_CONSUMER_RETRY_DELAY: 0.01\n");
        cli = new CliProcesses(dir, settings);
    }

    @AfterEach
    void killLeftovers() {
        cli.close();
    }

    private CliRun inProcess(String... args) {
        return CliRun.withSettings(settings, args);
    }

    @Test
    void aFailingEventIsOneLineByDefaultAndItsStackTraceComesWithVerbose() throws Exception {
        assertThat(inProcess("produce", "-s", "SESSION_LOGIN_COMPLETED", "-t", "logins", "-d",
                ProduceConsumeCommandTest.USER.replace("123", "666")).exitCode()).isZero();
        String jar = CliProcesses.pluginJar(dir).toString();

        CliProcesses.awaitExit(cli.start("quiet.out", "consume", "-t", "logins", "-g", "quiet", "--receivers", jar,
                "--max-events", "1"), 0);
        CliProcesses.awaitExit(cli.start("verbose.out", "consume", "-t", "logins", "-g", "verbose", "--receivers", jar,
                "--max-events", "1", "-v"), 0);

        assertThat(cli.lineCount("quiet.out")).isEqualTo(1);
        String quiet = cli.log("quiet.out");
        assertThat(quiet).contains("user 666 is refused").contains("to the dead-letter topic");
        assertThat(quiet.lines().filter(line -> line.startsWith("\tat "))).as(quiet).isEmpty();
        assertThat(cli.log("verbose.out")).contains("\tat " + TestReceiverPlugin.class.getName() + ".onLogin");
    }

    @Test
    void logLevelSetsEveryLogger() throws Exception {
        CliProcesses.awaitExit(cli.start("info.out", "consume", "-t", "empty", "-g", "g", "--idle-timeout", "0.2"), 0);
        CliProcesses.awaitExit(cli.start("warn.out", "consume", "-t", "empty", "-g", "g", "--idle-timeout", "0.2",
                "--log-level", "warn"), 0);

        assertThat(cli.log("info.out")).contains(" INFO ").contains("Running consumer");
        assertThat(cli.log("warn.out")).doesNotContain(" INFO ");
    }

    @Test
    void ctrlCWhileProducingAFileSaysHowManyWereSentAndThoseAreExactlyTheOnesOnTheBus() throws Exception {
        Path events = CliProcesses.loginEvents(dir, 300_000);
        Process producer = cli.startAsFromATerminal("produce.out", "produce", "-t", "logins", "--file",
                events.toString());
        CliRun first = inProcess("consume", "-t", "logins", "-g", "probe", "--max-events", "1");
        assertThat(first.exitCode()).as(first.err()).isZero();

        // The store's write lock holds the producer at its next send while Ctrl-C reaches it, so
        // that it cannot finish the file first on a fast (or a busy) machine.
        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bus.db"));
             Statement statement = lock.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 30000");
            statement.execute("BEGIN IMMEDIATE");
            new ProcessBuilder("kill", "-INT", Long.toString(producer.pid())).start().waitFor();
            statement.execute("ROLLBACK");
        }

        CliProcesses.awaitExit(producer, 130);
        Matcher sent = Pattern.compile("interrupted: sent (\\d+) of 300000 event\\(s\\) to topic logins; the rest "
                + "were not sent").matcher(cli.log("produce.out"));
        assertThat(sent.find()).as(cli.log("produce.out")).isTrue();
        long count = Long.parseLong(sent.group(1));
        assertThat(count).isBetween(1L, 299_999L);
        CliRun all = inProcess("consume", "-t", "logins", "-g", "count", "--idle-timeout", "1");
        assertThat(all.out().lines().count()).isEqualTo(count);
    }

    @Test
    void aConsumerThatNeverReachesRedisExitsNonZeroWhenStoppedAndSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(settings, "EVENT_BUS_CONSUMER: redis\nEVENT_BUS_PRODUCER: redis\n"
                + "EVENT_BUS_REDIS_CONNECTION_URL: redis://127.0.0.1:" + closedPort + "\n");
        Process consumer = cli.start("redis.out", "consume", "-t", "logins", "-g", "g");
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.log("redis.out").contains("Error consuming event"));

        consumer.destroy();

        CliProcesses.awaitExit(consumer, 1);
        assertThat(cli.log("redis.out")).contains("openedx-events: error: The consumer of").contains("without ever "
                + "reaching");
    }

    /**
     * Without EVENT_BUS_EMBEDDED_PATH the file is the user's, so that commands started in two
     * folders meet, unless the working directory has its own; the command names the one it uses.
     */
    @Test
    void theDefaultEmbeddedFileIsTheUsersUnlessTheWorkingDirectoryHasOne() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        assertThat(produceIn(elsewhere, home)).contains("embedded bus " + home.resolve(".openedx-events/bus.db"));
        assertThat(produceIn(project, home)).contains("embedded bus " + home.resolve(".openedx-events/bus.db"));
        Files.createDirectories(project.resolve(".openedx-events"));
        Files.copy(home.resolve(".openedx-events/bus.db"), project.resolve(".openedx-events/bus.db"));
        assertThat(produceIn(project, home)).contains("embedded bus " + project.resolve(".openedx-events/bus.db"));
    }

    /** Runs a produce with no settings in {@code workingDirectory}, and returns its stderr. */
    private static String produceIn(Path workingDirectory, Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "produce",
                "-s", "SESSION_LOGIN_COMPLETED", "-t", "logins", "-d", ProduceConsumeCommandTest.USER)
                .directory(workingDirectory.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("EVENT_BUS_"));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        CliProcesses.awaitExit(process, 0);
        return err;
    }

    @Test
    void theDemoDeletesTheConsumerGroupItMade() throws Exception {
        CliRun demo = inProcess("demo", "-n", "50");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        Matcher group = Pattern.compile("group (demo-[0-9a-f-]+)").matcher(demo.err());
        assertThat(group.find()).as(demo.err()).isTrue();
        try (var admin = org.openedx.events.bus.EventBusBackends.admin(org.openedx.events.settings.Settings.builder()
                .file(settings).put("EVENT_BUS_CONSUMER", "embedded").build())) {
            assertThat(admin.topicExists("openedx-demo")).isTrue();
            assertThat(admin.deleteGroup("openedx-demo", group.group(1))).as("the demo left its group").isFalse();
        }
    }
}
