package org.openedx.events.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy to a Redis that can freeze the connections open at one moment, as a network
 * that stops carrying them would: what their clients send is held back (even after they close),
 * nothing comes back, and {@link #release} delivers what was held to Redis late. Connections
 * opened later pass.
 */
final class FreezingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    FreezingProxy(int target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Link link = new Link(client, server);
                links.add(link);
                accepted.incrementAndGet();
                link.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Freezes every connection open now. */
    void freeze() {
        links.forEach(link -> link.frozen = true);
    }

    /** Delivers what the frozen connections' clients sent meanwhile, then ends those connections. */
    void release() {
        for (Link link : links) {
            if (link.frozen) {
                link.release();
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Link link : links) {
            link.close();
        }
    }

    private static final class Link {
        private final Socket client;
        private final Socket server;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private volatile boolean frozen;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(() -> pump(true), "proxy-up");
            Thread down = new Thread(() -> pump(false), "proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void pump(boolean toServer) {
            byte[] buffer = new byte[16384];
            try {
                InputStream in = (toServer ? client : server).getInputStream();
                OutputStream out = (toServer ? server : client).getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        if (frozen) {
                            if (toServer) {
                                held.write(buffer, 0, n);
                            }
                            continue;
                        }
                    }
                    out.write(buffer, 0, n);
                }
                if (!frozen) {
                    (toServer ? server : client).shutdownOutput();
                }
            } catch (IOException e) {
                // the other side is gone
            }
        }

        synchronized void release() {
            try {
                server.getOutputStream().write(held.toByteArray());
                server.getOutputStream().flush();
                server.shutdownOutput();
            } catch (IOException e) {
                // Redis ended this connection: nothing held back reaches it
            }
        }

        void close() {
            try {
                client.close();
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
