package dev.connector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between the code under test and a PostgreSQL server, whose network path a test can
 * break while connections are open:
 * <ul>
 *   <li>{@link #forward()}: bytes flow both ways (the start state);</li>
 *   <li>{@link #blackhole()}: the path goes silent, as when a route or security group drops packets: new
 *       connections are accepted and never answered, and bytes on open ones are swallowed in both directions;
 *       no socket is closed, so neither side hears anything;</li>
 *   <li>{@link #latency(Duration)}: every chunk of bytes, either way, is held this long before it is passed
 *       on (a slow link; a login of n round trips takes at least 2n times as long);</li>
 *   <li>{@link #reset()}: every open connection is reset now (the client reads "Connection reset"), and new
 *       ones are reset as soon as they are accepted, until {@link #forward()};</li>
 *   <li>{@link #halfOpen(boolean)}: when a client goes away, the server side is kept open, as it is when a
 *       frozen or killed serverless environment disappears without a goodbye (a Terminate message is bytes
 *       like any other, and still ends the session).</li>
 * </ul>
 * Modes apply at once to every connection. On loopback the kernel still acknowledges every segment, so a
 * blackhole here is silence, not packet loss: TCP keepalive probes are answered by the proxy.
 */
public final class FaultProxy implements AutoCloseable {

    private enum Mode { FORWARD, BLACKHOLE, RESET }

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<Socket> upstreams = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile long latencyMillis;
    private volatile boolean halfOpen;

    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy in front of this server, forwarding. */
    public static FaultProxy to(PostgresServer server) throws IOException {
        return new FaultProxy(server.host(), server.port());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The app database's JDBC URL through this proxy (127.0.0.1: loopback, so sslmode stays pgjdbc's default). */
    public String appJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + PostgresServer.APP_DATABASE;
    }

    public FaultProxy forward() {
        mode = Mode.FORWARD;
        return this;
    }

    public FaultProxy blackhole() {
        mode = Mode.BLACKHOLE;
        return this;
    }

    /** Holds every chunk of bytes this long before passing it on; {@link Duration#ZERO} for none. */
    public FaultProxy latency(Duration perChunk) {
        latencyMillis = perChunk.toMillis();
        return this;
    }

    /** Resets every open connection now, and each new one when it is accepted, until {@link #forward()}. */
    public FaultProxy reset() {
        mode = Mode.RESET;
        clients.forEach(FaultProxy::abort);
        upstreams.forEach(FaultProxy::abort);
        return this;
    }

    /** Whether a client's going away leaves the server side open (true) or closes it too (false, the start). */
    public FaultProxy halfOpen(boolean keepServerSideOpen) {
        halfOpen = keepServerSideOpen;
        return this;
    }

    /** Client connections accepted and not yet closed. */
    public int openConnections() {
        clients.removeIf(Socket::isClosed);
        return clients.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            clients.add(client);
            Mode now = mode;
            if (now == Mode.RESET) {
                abort(client);
            } else if (now == Mode.BLACKHOLE) {
                pump(client, null, false); // a silent peer: read and swallow, never answer
            } else {
                connect(client);
            }
        }
    }

    private void connect(Socket client) {
        try {
            Socket server = new Socket(targetHost, targetPort);
            upstreams.add(server);
            pump(client, server, false);
            pump(server, client, true);
        } catch (IOException e) {
            abort(client); // the server is not there: the client sees its connection end
        }
    }

    /** Copies {@code from} to {@code to} as the mode allows; {@code to} null swallows everything. */
    private void pump(Socket from, Socket to, boolean fromServer) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to == null ? null : to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long delay = latencyMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    if (mode == Mode.FORWARD && out != null) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // one side went away, or the proxy closed
            }
            // in a blackhole a goodbye is lost like any other bytes: the other side never hears of it
            if (to != null && mode != Mode.BLACKHOLE && (fromServer || !halfOpen)) {
                closeQuietly(to);
            }
        }, "fault-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        clients.forEach(FaultProxy::closeQuietly);
        upstreams.forEach(FaultProxy::closeQuietly);
    }

    /** Closes with an RST instead of a FIN: the peer reads "Connection reset". */
    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
