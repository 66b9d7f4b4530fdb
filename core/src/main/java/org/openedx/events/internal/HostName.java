package org.openedx.events.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This host's name, read once: the kernel's, as Python's {@code socket.gethostname()} (no DNS lookup). */
public final class HostName {

    private static final String NAME = read();

    private HostName() {
    }

    public static String get() {
        return NAME;
    }

    private static String read() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException notLinux) {
            // Fall through to the portable lookup.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
