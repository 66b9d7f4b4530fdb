package org.openedx.events.kafka.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK 21 or newer for the schema registry (Apicurio needs one; the build may run on
 * 17): the system property {@code registry.java.home} alone when it is set (so that
 * {@code -Dregistry.java.home=/nonexistent} shows what a machine without one does), else the
 * environment variables {@code REGISTRY_JAVA_HOME} and {@code JAVA_HOME}, the running JVM, then
 * {@code /usr/lib/jvm/*}.
 */
public final class Jdk21 {

    public static final String PROPERTY = "registry.java.home";
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private Jdk21() {
    }

    /** The {@code java} executable of the first JDK 21+ found. */
    public static Optional<Path> java() {
        List<Path> candidates = new ArrayList<>();
        add(candidates, System.getProperty(PROPERTY));
        if (!candidates.isEmpty()) {
            return candidates.stream().filter(home -> feature(home) >= 21).map(home -> home.resolve("bin/java"))
                    .filter(Files::isExecutable).findFirst();
        }
        add(candidates, System.getenv("REGISTRY_JAVA_HOME"));
        add(candidates, System.getenv("JAVA_HOME"));
        add(candidates, System.getProperty("java.home"));
        try (Stream<Path> installed = Files.list(Path.of("/usr/lib/jvm"))) {
            installed.sorted(Comparator.reverseOrder()).forEach(candidates::add);
        } catch (IOException e) {
            // no system JDKs
        }
        return candidates.stream().filter(home -> feature(home) >= 21).map(home -> home.resolve("bin/java"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Where the search looked, for messages. */
    public static String searched() {
        String property = System.getProperty(PROPERTY);
        return property != null && !property.isBlank() ? "-D" + PROPERTY + "=" + property
                : "$REGISTRY_JAVA_HOME, $JAVA_HOME, the running JVM, /usr/lib/jvm/*";
    }

    private static void add(List<Path> candidates, String home) {
        if (home != null && !home.isBlank()) {
            candidates.add(Path.of(home));
        }
    }

    private static int feature(Path home) {
        try {
            if (home.toRealPath().equals(Path.of(System.getProperty("java.home")).toRealPath())) {
                return Runtime.version().feature();
            }
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
