package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiversOptionTest {

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        TestReceiverPlugin.USERNAMES.clear();
    }

    /** A jar holding only the service file: the plugin class itself is on the test class path. */
    private Path pluginJar() throws IOException {
        Path jar = dir.resolve("receivers.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/org.openedx.events.ReceiverPlugin"));
            out.write((TestReceiverPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private CliRun cli(Path settings, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--settings";
        all[1] = settings.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    private Path settings(String more) throws IOException {
        Path settings = dir.resolve("settings.yml");
        Files.writeString(settings, "EVENT_BUS_EMBEDDED_PATH: " + dir.resolve("bus.db") + "\n" + more);
        return settings;
    }

    private void produceUser(Path settings, int id) {
        CliRun run = cli(settings, "produce", "-s", "SESSION_LOGIN_COMPLETED", "-t", "logins", "-d",
                ProduceConsumeCommandTest.USER.replace("123", Integer.toString(id)).replace("foobob", "user" + id));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void receiversFromAJarHandleTheConsumedEvents() throws Exception {
        Path settings = settings("");
        produceUser(settings, 1);
        produceUser(settings, 2);

        CliRun run = cli(settings, "consume", "-t", "logins", "-g", "team", "--receivers", pluginJar().toString(),
                "--max-events", "2", "--quiet");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(TestReceiverPlugin.USERNAMES).containsExactly("user1", "user2");
    }

    @Test
    void aFolderWithoutPluginsIsAnError() {
        CliRun run = CliRun.of("consume", "-t", "logins", "-g", "team", "--receivers", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has no ReceiverPlugin service");
    }

    @Test
    void theErrorLimitEndsTheCommandWithANonZeroStatusNamingTopicAndGroup() throws Exception {
        Path settings = settings("EVENT_BUS_CONSUMER_CONSECUTIVE_ERRORS_LIMIT: 2\n");
        produceUser(settings, 666);
        produceUser(settings, 666);
        produceUser(settings, 3);

        CliRun run = cli(settings, "consume", "-t", "logins", "-g", "strict", "--receivers", pluginJar().toString(),
                "--quiet");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("topic 'logins', group 'strict'").contains("Too many consecutive errors (2)");
        assertThat(TestReceiverPlugin.USERNAMES).isEmpty();
    }
}
