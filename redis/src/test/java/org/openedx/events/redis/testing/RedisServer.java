package org.openedx.events.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} process of a test's own on a free 127.0.0.1 port, with its files in a
 * directory of the test's: for tests that restart, fill or reconfigure a server, and for the
 * server the tests of one JVM share ({@link RedisServices}). It can be stopped (SIGTERM, which
 * writes the AOF), killed (SIGKILL) and started again on the same port and directory.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final List<String> options;
    private Process process;
    private int starts;

    private RedisServer(Path dir, int port, List<String> options) {
        this.dir = dir;
        this.port = port;
        this.options = options;
    }

    /** Whether {@code redis-server} is on the PATH. */
    public static boolean installed() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a server with its data in {@code dir}, no persistence unless {@code options} ask
     * for it (they come last, so they win: {@code "--appendonly", "yes"}), and waits until it
     * answers {@code PING}.
     */
    public static RedisServer start(Path dir, String... options) {
        if (!installed()) {
            throw RedisServices.unavailable(null);
        }
        RedisServer server = new RedisServer(dir, freePort(), List.of(options));
        server.startProcess();
        try {
            server.awaitReady(START_TIMEOUT);
        } catch (RuntimeException e) {
            server.kill();
            throw e;
        }
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public Path dir() {
        return dir;
    }

    /** The server's log file of its latest start. */
    public Path log() {
        return dir.resolve("redis-" + port + "-" + starts + ".log");
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--protected-mode", "no"));
        command.addAll(options);
        starts++;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log().toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start redis-server", e);
        }
    }

    /**
     * Starts the server again on the same port and directory, after {@link #stop} or
     * {@link #kill}, and returns once it listens (it may still be loading its data: it then
     * answers {@code LOADING}).
     */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is running");
        }
        startProcess();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening()) {
            checkAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server did not listen on port " + port + " within "
                        + START_TIMEOUT + "; see " + log());
            }
            pauseBriefly();
        }
    }

    /**
     * Waits until the server answers {@code PING} with {@code PONG} (not {@code LOADING}), or
     * asks for a password ({@code NOAUTH}: it is ready too).
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(ping())) {
            checkAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                        + timeout + "; see " + log());
            }
            pauseBriefly();
        }
    }

    private static boolean ready(String reply) {
        return reply != null && (reply.equals("+PONG") || reply.startsWith("-NOAUTH"));
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            String tail;
            try {
                tail = Files.readString(log());
            } catch (IOException e) {
                tail = e.toString();
            }
            throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue()
                    + ":\n" + tail);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first line of the reply to {@code PING}, e.g. {@code +PONG} or {@code -LOADING ...}; null when unreachable. */
    public String ping() {
        return command("PING");
    }

    /**
     * Sends a command over a new connection and returns the first line of the reply (enough
     * for status, error and integer replies); null when the server cannot be reached.
     */
    public String command(String... words) {
        return command(InetAddress.getLoopbackAddress().getHostAddress(), port, words);
    }

    static String command(String host, int port, String... words) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
            for (String word : words) {
                request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the process runs. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, and waits for the process to end (with {@code appendonly yes}, the AOF is complete). */
    public void stop() {
        end(false);
    }

    /** SIGKILL, and waits for the process to end. */
    public void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void pauseBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
