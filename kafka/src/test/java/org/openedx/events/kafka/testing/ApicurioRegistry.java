package org.openedx.events.kafka.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Apicurio Registry process (from the Maven Central tarball the build unpacks into
 * {@code target/apicurio}) with in-memory storage, every listener on 127.0.0.1. Its
 * Confluent-compatible API is at {@link #url()}. The process runs under a small shell that
 * ends it when this JVM's end closes the shell's input, so no registry outlives the tests.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** Where the unpacked registry is; the build sets it. */
    public static final String HOME_PROPERTY = "apicurio.home";

    private final Path java;
    private final Path home;
    private final int port;
    private final int managementPort;
    private final Path log;
    private Process process;

    private ApicurioRegistry(Path java, Path home, Path log) {
        this.java = java;
        this.home = home;
        this.port = FreePorts.next();
        this.managementPort = FreePorts.next();
        this.log = log;
    }

    /**
     * Starts a registry and waits until it answers.
     *
     * @throws MissingPrerequisite when no JDK 21+ or no unpacked registry is found
     */
    public static ApicurioRegistry start(Path logDirectory) {
        Path java = Jdk21.java().orElseThrow(() -> new MissingPrerequisite("the schema registry (Apicurio) needs a "
                + "JDK 21 or newer; none found in " + Jdk21.searched()));
        Path home = Path.of(System.getProperty(HOME_PROPERTY, "target/apicurio"));
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new MissingPrerequisite("no Apicurio Registry at " + home.toAbsolutePath() + " (the build unpacks "
                    + "io.apicurio:apicurio-registry-app:tar.gz:all there; set -D" + HOME_PROPERTY + ")");
        }
        ApicurioRegistry registry = new ApicurioRegistry(java, home, logDirectory.resolve("apicurio-"
                + System.nanoTime() + ".log"));
        registry.startProcess();
        return registry;
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "\"$@\" & child=$!; trap 'kill $child 2>/dev/null; exit 143' TERM INT; read ignored; kill $child; "
                        + "wait $child",
                "apicurio"));
        command.addAll(List.of(java.toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-jar", "quarkus-run.jar"));
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Apicurio Registry with " + java + ": " + e, e);
        }
        HttpClient http = HttpClient.newHttpClient();
        await("Apicurio Registry on 127.0.0.1:" + port + " (log " + log + ")").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Apicurio Registry exited; see " + log);
                    }
                    return http.send(HttpRequest.newBuilder(URI.create(url() + "/schemas/types")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    /** The base URL of the Confluent Schema Registry API. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    /** The base URL of Apicurio's own API (v3). */
    public String nativeUrl() {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    /** A GET of a path under {@link #url()}: the status and body. */
    public HttpResponse<String> get(String path) {
        return ApicurioRegistry.get(URI.create(url() + path));
    }

    /** A GET of a URL: the status and body. */
    public static HttpResponse<String> fetch(String url) {
        return get(URI.create(url));
    }

    private static HttpResponse<String> get(URI uri) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of JSON to a URL: the status and body. */
    public static HttpResponse<String> post(String url, String json) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // the shell is gone already
            }
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
            process = null;
        }
    }

    /**
     * Runs a registry until this process's input closes, for load tests: prints
     * {@code url=<Confluent API URL>} when it answers. Logs go to the directory given, or {@code target}.
     */
    public static void main(String[] args) throws IOException {
        try (ApicurioRegistry registry = start(Path.of(args.length > 0 ? args[0] : "target"))) {
            System.out.println("url=" + registry.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the end of input
            }
        }
    }

    /** A test cannot run here: a JDK or the registry is missing. */
    public static final class MissingPrerequisite extends RuntimeException {
        public MissingPrerequisite(String message) {
            super(message);
        }
    }
}
