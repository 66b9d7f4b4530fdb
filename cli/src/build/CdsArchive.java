import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the class-data sharing archive of the {@code openedx-events} command, so that a short
 * command starts in a fraction of the time (the JVM maps the classes, already parsed and
 * verified, instead of loading them from the jars). Run by the build in {@code package}, after
 * the jar and {@code lib/} are made, with the JDK that runs Maven, as a source-file program:
 *
 * <pre>java src/build/CdsArchive.java target</pre>
 *
 * It runs the command a few times (short commands and a small demo through an embedded bus
 * under {@code target/cds}) with {@code -XX:DumpLoadedClassList}, joins the lists, and dumps a
 * static archive of them with {@code -Xshare:dump} (a JDK 17 dynamic archive would hold the
 * classes of one run only). Beside {@code openedx-events.jsa} it writes
 * {@code openedx-events.jsa.java}: the JDK's home and runtime version, which the launcher
 * compares with the Java it runs, since an archive only serves the JVM build that made it.
 * A failure leaves no archive and a warning: the command works without one, only slower.
 */
public final class CdsArchive {

    private static final long RUN_SECONDS = 120;

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
        Path jar = target.resolve("openedx-events-cli.jar");
        Path archive = target.resolve("openedx-events.jsa");
        Path stamp = target.resolve("openedx-events.jsa.java");
        Files.deleteIfExists(archive);
        Files.deleteIfExists(stamp);
        Path work = target.resolve("cds");
        deleteTree(work);
        Files.createDirectories(work);
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        String java = home.resolve("bin/java").toString();
        long started = System.nanoTime();

        List<List<String>> runs = List.of(List.of("--version"), List.of("--help"), List.of("events"),
                List.of("events", "--json"), List.of("settings"), List.of("produce", "--help"),
                List.of("schema", "org.openedx.learning.auth.session.login.completed.v1"),
                List.of("demo", "-n", "300"));
        ClassList classes = new ClassList();
        for (int i = 0; i < runs.size(); i++) {
            Path list = work.resolve("run-" + i + ".classlist");
            List<String> command = new ArrayList<>(List.of(java, "-XX:DumpLoadedClassList=" + list, "-jar",
                    jar.toString()));
            command.addAll(runs.get(i));
            if (run(command, work, work.resolve("run-" + i + ".log")) && Files.isRegularFile(list)) {
                classes.addAll(Files.readAllLines(list));
            } else {
                warn("the training run 'openedx-events " + String.join(" ", runs.get(i)) + "' failed (see "
                        + work.resolve("run-" + i + ".log") + "); the archive leaves its classes out");
            }
        }
        if (classes.isEmpty()) {
            warn("no training run worked: no class-data sharing archive (the command starts slower)");
            return;
        }
        Path list = work.resolve("classes.classlist");
        Files.write(list, classes.lines());
        boolean dumped = run(List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString()), work, work.resolve("dump.log"));
        if (!dumped || !Files.isRegularFile(archive)) {
            Files.deleteIfExists(archive);
            warn("-Xshare:dump failed (see " + work.resolve("dump.log") + "): no class-data sharing archive");
            return;
        }
        Files.writeString(stamp, home + "\n" + runtimeVersion(home) + "\n");
        System.out.printf("[INFO] Class-data sharing archive %s: a class list of %d lines, %d MB, for %s (%d ms)%n", archive,
                classes.size(), Files.size(archive) >> 20, runtimeVersion(home),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * The union of class lists, each line once in the order first met. Newer JDKs (21+) number
     * the classes of a list ({@code java/lang/Object id: 0}): each class keeps its first line,
     * numbered anew. Classes of other class loaders (lines with {@code super:}, which refer to
     * numbers of their own list) are left out: the command has none.
     */
    static final class ClassList {
        private static final Pattern NUMBERED = Pattern.compile("^(\\S+) id: \\d+(.*)$");
        private final Set<String> lines = new LinkedHashSet<>();
        private final Set<String> numbered = new LinkedHashSet<>();

        void addAll(List<String> list) {
            for (String line : list) {
                if (line.isBlank() || line.startsWith("#") || line.contains(" super: ")) {
                    continue;
                }
                Matcher m = NUMBERED.matcher(line);
                if (!m.matches()) {
                    lines.add(line);
                } else if (numbered.add(m.group(1))) {
                    lines.add(m.group(1) + " id: " + (numbered.size() - 1) + m.group(2));
                }
            }
        }

        boolean isEmpty() {
            return lines.isEmpty();
        }

        int size() {
            return lines.size();
        }

        List<String> lines() {
            return new ArrayList<>(lines);
        }
    }

    /** {@code JAVA_RUNTIME_VERSION} of the JDK's {@code release} file, as the launcher reads it. */
    private static String runtimeVersion(Path home) throws IOException {
        Matcher m = Pattern.compile("(?m)^JAVA_RUNTIME_VERSION=\"([^\"]*)\"").matcher(
                Files.readString(home.resolve("release")));
        return m.find() ? m.group(1) : System.getProperty("java.runtime.version");
    }

    /** Runs a command in {@code dir} with no settings from the environment; whether it ended well. */
    private static boolean run(List<String> command, Path dir, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("EVENT_BUS_") || name.startsWith("EVENTS_")
                || name.startsWith("OPENEDX_EVENTS_") || name.equals("JAVA_TOOL_OPTIONS")
                || name.equals("JDK_JAVA_OPTIONS"));
        env.put("EVENT_BUS_EMBEDDED_PATH", dir.resolve("bus.db").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return false;
        }
        return process.exitValue() == 0;
    }

    private static void warn(String message) {
        System.out.println("[WARNING] openedx-events class-data sharing: " + message);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
