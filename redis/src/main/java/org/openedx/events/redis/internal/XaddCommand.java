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

/**
 * One {@code XADD} of an event, its arguments already encoded, written on one connection (its
 * {@link #generation}). Its outcome goes straight to the sender, exactly once, without a future
 * or a lambda per event: Redis's reply (the entry id or a final error), or a failure the sender
 * decides ({@link #fail}). Two things do not decide it: the connection failing under it (the
 * command is marked lost), and an error reply that means "not ready yet" ({@code LOADING},
 * {@code BUSY}, {@code MASTERDOWN}, {@code TRYAGAIN}, {@code READONLY}: the command is marked
 * refused for now); either way the sender is woken, to send the event again, in order
 * ({@link #supersede}).
 */
final class XaddCommand extends Command<byte[], byte[], String> {

    private static final int OPEN = 0;
    private static final int DECIDED = 1;
    private static final int SUPERSEDED = 2;
    private static final AtomicIntegerFieldUpdater<XaddCommand> STATE =
            AtomicIntegerFieldUpdater.newUpdater(XaddCommand.class, "state");

    private final StreamSender sender;
    private final StreamSender.Outgoing event;
    private volatile int state;
    private volatile boolean connectionFailed;
    private volatile String notReady;
    private volatile boolean stored;
    private long dispatchedNanos;
    private long generation;

    /**
     * @param sender told the outcome ({@link StreamSender#complete}), and woken when the
     *               connection fails under the command ({@link StreamSender#wake})
     */
    XaddCommand(StreamSender sender, StreamSender.Outgoing event) {
        super(CommandType.XADD, new IdOutput(), new Encoded(event.command(),
                sender.argumentCount() + 2 * event.event().traceContext().size()));
        this.sender = sender;
        this.event = event;
    }

    StreamSender.Outgoing event() {
        return event;
    }

    /** Written at {@code nanos} on the sender's connection number {@code generation}. */
    void dispatched(long nanos, long generation) {
        this.dispatchedNanos = nanos;
        this.generation = generation;
    }

    /** The sender's number of the connection the command was written on. */
    long generation() {
        return generation;
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

    /** The "not ready" error Redis replied ({@code LOADING ...}), or null. */
    String notReady() {
        return notReady;
    }

    /** Whether the outcome is still open and no reply or connection failure has come. */
    boolean awaitingReply() {
        return state == OPEN && notReady == null && !connectionFailed;
    }

    /** Whether Redis stored the entry (replied with its id). */
    boolean stored() {
        return stored;
    }

    /** Redis replied: the entry id, a final error, or "not ready" (the event is kept for sending again). */
    @Override
    public void complete() {
        super.complete();
        if (output.hasError()) {
            String error = output.getError();
            if (RedisErrors.notReady(error)) {
                if (state == OPEN) {
                    notReady = error;
                    sender.notReady();
                }
                return;
            }
            decide(null, new RedisCommandExecutionException(error));
        } else {
            stored = true;
            decide(output.get(), null);
        }
    }

    /** Lettuce gives up on the command: the connection closed or refused it. */
    @Override
    public boolean completeExceptionally(Throwable throwable) {
        super.completeExceptionally(throwable);
        connectionFailed = true;
        sender.wake();
        return true;
    }

    @Override
    public void cancel() {
        super.cancel();
        connectionFailed = true;
        sender.wake();
    }

    /**
     * Reports a failure the sender decided (timeout, closing), unless the outcome is known. The
     * command itself stays with Lettuce, which writes it if it has not yet: completing it would
     * make Lettuce skip it while it writes the entries after it, and a later entry of the stream
     * would be stored before this one, which whoever sends it again (an outbox relay) cannot undo.
     * Its late reply changes nothing.
     */
    void fail(Throwable error) {
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
            sender.complete(event, id, error);
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
        private final int count;

        Encoded(byte[] encoded, int count) {
            super(ByteArrayCodec.INSTANCE);
            this.encoded = encoded;
            this.count = count;
        }

        @Override
        public int count() {
            return count;
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
