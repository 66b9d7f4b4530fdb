package org.openedx.events.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;

/**
 * One {@code XADD} of an event, its arguments already encoded. Its outcome goes straight to
 * a callback, exactly once, without a future: Redis's reply (the entry id or an error), or a
 * failure the sender decides ({@link #fail}). When the connection fails under it, the command
 * is only marked lost and the sender is woken, to send the event again, in order, on a new
 * connection ({@link #supersede}).
 */
final class XaddCommand extends Command<byte[], byte[], String> {

    private static final int OPEN = 0;
    private static final int DECIDED = 1;
    private static final int SUPERSEDED = 2;
    private static final AtomicIntegerFieldUpdater<XaddCommand> STATE =
            AtomicIntegerFieldUpdater.newUpdater(XaddCommand.class, "state");

    private final StreamSender.OutgoingEvent event;
    private final BiConsumer<String, Throwable> outcome;
    private final Runnable lost;
    private volatile int state;
    private volatile boolean connectionFailed;
    private long dispatchedNanos;

    /**
     * @param outcome receives the entry id, or the failure
     * @param lost    called when the connection failed under the command
     */
    XaddCommand(StreamSender.OutgoingEvent event, BiConsumer<String, Throwable> outcome, Runnable lost) {
        super(CommandType.XADD, new IdOutput(), new Encoded(event.command()));
        this.event = event;
        this.outcome = outcome;
        this.lost = lost;
    }

    StreamSender.OutgoingEvent event() {
        return event;
    }

    void dispatched(long nanos) {
        dispatchedNanos = nanos;
    }

    long dispatchedNanos() {
        return dispatchedNanos;
    }

    /** Whether the outcome is known (or the event was handed to another command). */
    boolean settled() {
        return state != OPEN;
    }

    /** Whether the connection failed before Redis replied. */
    boolean connectionFailed() {
        return connectionFailed;
    }

    /** Redis replied. */
    @Override
    public void complete() {
        super.complete();
        if (output.hasError()) {
            decide(null, new RedisCommandExecutionException(output.getError()));
        } else {
            decide(output.get(), null);
        }
    }

    /** Lettuce gives up on the command: the connection closed or refused it. */
    @Override
    public boolean completeExceptionally(Throwable throwable) {
        super.completeExceptionally(throwable);
        connectionFailed = true;
        lost.run();
        return true;
    }

    @Override
    public void cancel() {
        super.cancel();
        connectionFailed = true;
        lost.run();
    }

    /** Reports a failure the sender decided (timeout, closing), unless the outcome is known. */
    void fail(Throwable error) {
        super.completeExceptionally(error);
        decide(null, error);
    }

    /**
     * Hands the event over to a new command, unless Redis confirmed it first.
     *
     * @return whether the event must be sent again
     */
    boolean supersede() {
        return STATE.compareAndSet(this, OPEN, SUPERSEDED);
    }

    private void decide(String id, Throwable error) {
        if (STATE.compareAndSet(this, OPEN, DECIDED)) {
            outcome.accept(id, error);
        }
    }

    /** The entry id Redis returns; ASCII digits and a dash. */
    private static final class IdOutput extends CommandOutput<byte[], byte[], String> {
        IdOutput() {
            super(ByteArrayCodec.INSTANCE, null);
        }

        @Override
        public void set(ByteBuffer bytes) {
            if (bytes != null) {
                byte[] id = new byte[bytes.remaining()];
                bytes.get(id);
                output = new String(id, StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** Arguments already in the wire encoding. */
    private static final class Encoded extends CommandArgs<byte[], byte[]> {
        private final byte[] encoded;

        Encoded(byte[] encoded) {
            super(ByteArrayCodec.INSTANCE);
            this.encoded = encoded;
        }

        @Override
        public int count() {
            return XaddEncoding.ARGUMENTS;
        }

        @Override
        public void encode(ByteBuf buf) {
            buf.writeBytes(encoded);
        }

        @Override
        public String toCommandString() {
            return new String(encoded, StandardCharsets.UTF_8);
        }
    }
}
