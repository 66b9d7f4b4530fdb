package org.openedx.events.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openedx.events.SignalRegistry;

/**
 * Threads that look event types up for the first time at once, as the consumers of a worker
 * decoding their first events do, all find them: none sees the catalogs half loaded. In a JVM
 * of its own, since the registry loads its catalogs once per process.
 */
class ConcurrentFirstLookupTest {

    private static final String LOGIN = "org.openedx.learning.auth.session.login.completed.v1";
    private static final String XBLOCK = "org.openedx.content_authoring.xblock.published.v1";

    @Test
    void everyThreadFindsEveryTypeOnTheFirstLookup() throws Exception {
        for (int run = 0; run < 5; run++) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Lookups.class.getName()).inheritIO().start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("threads that missed a type, run %d", run).isZero();
        }
    }

    /** Eight threads, released together, each look both types up; the exit status counts the misses. */
    public static final class Lookups {
        public static void main(String[] args) throws InterruptedException {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger misses = new AtomicInteger();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (String type : List.of(LOGIN, XBLOCK)) {
                        if (SignalRegistry.find(type).isEmpty()) {
                            misses.incrementAndGet();
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            System.exit(misses.get());
        }
    }
}
