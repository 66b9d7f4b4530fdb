package org.openedx.events.examples.enrollments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged service ({@code target/spring-boot-enrollments.jar}, built by {@code mvn package}) run
 * as a child process on a free port, its output in {@code target/<name>.log}.
 */
final class ServiceProcess {

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service on the database, with {@code arguments} (Spring's {@code --name=value}) on top. */
    static ServiceProcess start(String name, TestDatabase database, String... arguments) throws IOException {
        Path jar = Path.of("target", "spring-boot-enrollments.jar");
        assertThat(jar).as("the packaged service (mvn package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--server.port=" + port,
                "--spring.datasource.url=" + database.url()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toFile()).start();
        return new ServiceProcess(process, port);
    }

    Process process() {
        return process;
    }

    /** The service's address of {@code path}. */
    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
