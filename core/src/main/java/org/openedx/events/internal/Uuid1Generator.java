package org.openedx.events.internal;

import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.UUID;

/**
 * Version 1 (time-based) UUIDs as Python's {@code uuid.uuid1()} makes them: a 60-bit count of
 * 100-ns intervals since 1582-10-15, a random 14-bit clock sequence, and the host's MAC
 * address as node (or a random node with the multicast bit set when none can be read).
 */
public final class Uuid1Generator {

    /** 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
    private static final long GREGORIAN_TO_UNIX_100NS = 0x01B21DD213814000L;

    private final long node;
    private final long clockSequence;
    private long lastTimestamp;

    public Uuid1Generator() {
        SecureRandom random = new SecureRandom();
        this.node = hardwareNode(random);
        this.clockSequence = random.nextInt(1 << 14);
    }

    /** A new UUID, strictly later than the previous one from this generator. */
    public synchronized UUID next() {
        long now = currentTimestamp();
        long timestamp = now > lastTimestamp ? now : lastTimestamp + 1;
        lastTimestamp = timestamp;
        long timeLow = timestamp & 0xFFFFFFFFL;
        long timeMid = (timestamp >>> 32) & 0xFFFFL;
        long timeHigh = (timestamp >>> 48) & 0x0FFFL;
        long msb = (timeLow << 32) | (timeMid << 16) | 0x1000L | timeHigh;
        long lsb = (0x8000L | clockSequence) << 48 | node;
        return new UUID(msb, lsb);
    }

    private static long currentTimestamp() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 10_000_000L + now.getNano() / 100 + GREGORIAN_TO_UNIX_100NS;
    }

    private static long hardwareNode(SecureRandom random) {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] mac = nic.isLoopback() ? null : nic.getHardwareAddress();
                if (mac != null && mac.length == 6 && !allZero(mac)) {
                    long value = 0;
                    for (byte b : mac) {
                        value = (value << 8) | (b & 0xFF);
                    }
                    return value;
                }
            }
        } catch (java.net.SocketException | RuntimeException ignored) {
            // No readable interface (containers, restricted JVMs): fall back as Python does.
        }
        return (random.nextLong() & 0xFFFFFFFFFFFFL) | 0x010000000000L;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
