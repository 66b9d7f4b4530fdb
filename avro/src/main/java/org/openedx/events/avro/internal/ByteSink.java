package org.openedx.events.avro.internal;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, growable byte buffer for one encoding ({@code ByteArrayOutputStream} locks on every write). */
final class ByteSink extends OutputStream {

    private byte[] buffer;
    private int size;

    ByteSink(int capacity) {
        buffer = new byte[capacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
