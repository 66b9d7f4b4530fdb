package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The command line in processes of its own, as users run it: each with a settings file, its
 * stdout in a file of the test folder and its log beside it. Closing kills what still runs.
 */
final class CliProcesses implements AutoCloseable {

    static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";

    private final Path dir;
    private final Path settings;
    private final List<Process> processes = new ArrayList<>();

    CliProcesses(Path dir, Path settings) {
        this.dir = dir;
        this.settings = settings;
    }

    /** A JSON-lines file of {@code count} login events, as {@code produce --file} reads them. */
    static Path loginEvents(Path dir, int count) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("{\"event_type\": \"").append(LOGIN).append("\", \"data\": ")
                    .append(ProduceConsumeCommandTest.USER.replace("123", Integer.toString(i))).append("}\n");
        }
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, lines);
        return file;
    }

    /** A jar holding only the service file of {@link TestReceiverPlugin}, whose class is on the test class path. */
    static Path pluginJar(Path dir) throws IOException {
        Path jar = dir.resolve("receivers.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/org.openedx.events.ReceiverPlugin"));
            out.write((TestReceiverPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** The log (stderr) of a process started with {@code output}. */
    String log(String output) throws IOException {
        Path file = dir.resolve(output + ".log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    Process start(String output, String... args) throws IOException {
        return start(List.of(), output, args);
    }

    /**
     * As a terminal starts it, with Ctrl-C (SIGINT) at its default: a build run in the background
     * of a non-interactive shell (CI, {@code nohup}) ignores SIGINT, its children inherit that, and
     * the JVM then never sees the signal.
     */
    Process startAsFromATerminal(String output, String... args) throws IOException {
        return start(List.of("env", "--default-signal=INT"), output, args);
    }

    private Process start(List<String> launcher, String output, String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--settings", settings.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(dir.resolve(output).toFile())
                .redirectError(dir.resolve(output + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    long lineCount(String output) throws IOException {
        Path file = dir.resolve(output);
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** The event ids in the outputs, in order; a line cut short by a kill is left out. */
    List<String> ids(String... outputs) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        for (String output : outputs) {
            for (String line : Files.readAllLines(dir.resolve(output))) {
                if (line.endsWith("}")) {
                    ids.add(json.readTree(line).get("metadata").get("id").asText());
                }
            }
        }
        return ids;
    }

    static void awaitExit(Process process, int status) throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(status);
    }

    /** Waits for a process this started to end with {@code status}; a failure shows its stderr. */
    void awaitExit(Process process, String output, int status) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output + ": " + log(output)).isTrue();
        assertThat(process.exitValue()).as(output + ": " + log(output)).isEqualTo(status);
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
