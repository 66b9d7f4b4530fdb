package org.openedx.events.testkit.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusConsumer;
import org.openedx.events.catalog.learning.LearningSignals;
import org.openedx.events.settings.Settings;
import org.openedx.events.wire.PythonJson;

/**
 * A consumer in a process of its own, for the contract's kill tests: it consumes one topic for
 * one group with the settings of its system properties and appends the id of each login event
 * its receiver handles to a file, one line each, before the pipeline commits it.
 */
public final class ContractConsumerProcess {

    private ContractConsumerProcess() {
    }

    /** {@code TOPIC GROUP FILE}; a SIGTERM stops the consumer cleanly. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[2]);
        var channel = Files.newByteChannel(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        LearningSignals.SESSION_LOGIN_COMPLETED.connect(event -> {
            channel.write(java.nio.ByteBuffer.wrap((event.metadata().id() + "\n").getBytes(StandardCharsets.UTF_8)));
            // Handling takes a little while, so that a kill lands in the middle of a batch.
            LockSupport.parkNanos(200_000);
        });
        EventBusConsumer consumer = EventBusBackends.consumer(Settings.fromEnvironment(),
                ConsumerSpec.of(args[0], args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(consumer::stop));
        consumer.consumeIndefinitely();
    }

    /** Starts the process with these settings as its system properties; its output goes to a file beside {@code out}. */
    static Process start(Map<String, Object> settings, String topic, String group, Path out) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        settings.forEach((name, value) -> command.add("-D" + name + "=" + (value instanceof String text ? text
                : PythonJson.dumps(value, false))));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ContractConsumerProcess.class.getName());
        command.add(topic);
        command.add(group);
        command.add(out.toString());
        Path log = out.resolveSibling(out.getFileName() + "." + System.nanoTime() + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The complete lines written so far. */
    static List<String> lines(Path file) {
        try {
            String text = Files.readString(file);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
