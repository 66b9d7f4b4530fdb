package org.openedx.events.redis;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openedx.events.bus.ConsumerSpec;
import org.openedx.events.bus.EventBusBackends;
import org.openedx.events.bus.EventBusProducer;
import org.openedx.events.catalog.learning.UserData;
import org.openedx.events.settings.Settings;

/**
 * Programs the process tests run in a JVM of their own, so that it can be killed (SIGKILL)
 * or exit without closing anything. Settings come as {@code -D} system properties.
 */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** {@code consume <ids file> <consumer_name> [claim ms]}: appends each user id to the file. */
    static final class Consume {
        public static void main(String[] args) throws IOException {
            FileOutputStream out = new FileOutputStream(args[0], true);
            RedisTestSupport.LOGIN.connect(event -> {
                out.write((event.data("user", UserData.class).id() + "\n").getBytes(StandardCharsets.UTF_8));
                Thread.sleep(1);
            });
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("consumer_name", args[1]);
            if (args.length > 2) {
                extra.put("claim_msgs_older_than", Long.parseLong(args[2]));
            }
            EventBusBackends.consumer(Settings.fromEnvironment(),
                    new ConsumerSpec(RedisTestSupport.TOPIC, "grp", extra)).consumeIndefinitely();
        }
    }

    /** {@code produce <count>}: sends and exits at once, leaving the flush to the shutdown hook. */
    static final class ProduceAndExit {
        public static void main(String[] args) {
            EventBusProducer producer = EventBusBackends.producer(Settings.fromEnvironment());
            for (int i = 0; i < Integer.parseInt(args[0]); i++) {
                producer.send(RedisTestSupport.loginEvent(i));
            }
            System.exit(0);
        }
    }

    /** Starts {@code main} of {@code program} with the test class path and these settings. */
    static Process start(Class<?> program, Map<String, Object> settings, Path log, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.add("-cp");
        command.add(classPath);
        settings.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add(program.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child process did not die");
        }
    }
}
