package dev.connector.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the server that records what the client really sends: a TCP proxy on loopback in front of a
 * real PostgreSQL or PgBouncer that reads the client's side of the protocol as it passes: the startup packet's
 * parameters, then the SQL of every simple Query and every Parse, in order. The client must not use TLS
 * (sslmode=disable): encrypted bytes cannot be read.
 */
public final class WireRecorder implements AutoCloseable {

    /** What one client connection sent. */
    public static final class Session {
        private final Map<String, String> startup = Collections.synchronizedMap(new LinkedHashMap<>());
        private final List<String> statements = new CopyOnWriteArrayList<>();

        /** The startup packet's parameters, in the order sent. */
        public Map<String, String> startup() {
            synchronized (startup) {
                return new LinkedHashMap<>(startup);
            }
        }

        /** The SQL of every Query and Parse message, in the order sent. */
        public List<String> statements() {
            return new ArrayList<>(statements);
        }
    }

    private static final int PROTOCOL_3 = 196608;
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public WireRecorder(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "wire-recorder-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The sessions recorded so far, oldest first. */
    public List<Session> sessions() {
        return new ArrayList<>(sessions);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                Session session = new Session();
                sessions.add(session);
                start(() -> record(client.getInputStream(), server.getOutputStream(), session), "client->server");
                start(() -> copy(server.getInputStream(), client.getOutputStream()), "server->client");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private interface Pump {
        void run() throws IOException;
    }

    private void start(Pump pump, String name) {
        Thread t = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException e) {
                // a side closed
            }
        }, "wire-recorder-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void record(InputStream from, OutputStream to, Session session) throws IOException {
        DataInputStream in = new DataInputStream(from);
        OutputStream out = to; // each message in one write: PgBouncer refuses a startup packet in pieces
        while (true) { // untyped messages until the startup packet
            int length = in.readInt();
            int code = in.readInt();
            byte[] body = in.readNBytes(length - 8);
            out.write(java.nio.ByteBuffer.allocate(length).putInt(length).putInt(code).put(body).array());
            out.flush();
            if (code == SSL_REQUEST || code == GSS_REQUEST) {
                continue; // the server answers N; the client then sends its startup packet in plaintext
            }
            if (code == PROTOCOL_3) {
                String[] parts = new String(body, StandardCharsets.UTF_8).split("\0");
                for (int i = 0; i + 1 < parts.length; i += 2) {
                    session.startup.put(parts[i], parts[i + 1]);
                }
            }
            break;
        }
        while (true) {
            int type = in.read();
            if (type < 0) {
                return;
            }
            int length = in.readInt();
            byte[] body = in.readNBytes(length - 4);
            if (type == 'Q') {
                session.statements.add(cString(body, 0));
            } else if (type == 'P') {
                int nameEnd = indexOfZero(body, 0);
                session.statements.add(cString(body, nameEnd + 1));
            }
            out.write(java.nio.ByteBuffer.allocate(length + 1).put((byte) type).putInt(length).put(body).array());
            out.flush();
        }
    }

    private static String cString(byte[] body, int from) {
        return new String(body, from, indexOfZero(body, from) - from, StandardCharsets.UTF_8);
    }

    private static int indexOfZero(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return body.length;
    }

    private static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = from.read(buffer)) >= 0) {
            to.write(buffer, 0, n);
            to.flush();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
