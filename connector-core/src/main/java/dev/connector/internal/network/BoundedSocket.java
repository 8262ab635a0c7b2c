package dev.connector.internal.network;

import jdk.net.ExtendedSocketOptions;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A plain TCP socket that, while its {@link Login} runs, gives its connect and every read no more than the
 * time left until the login's deadline, and whose keepalive is tuned per socket.
 *
 * <p>Why keepalive and not a default socket timeout: a socket timeout cannot tell a dead network from a slow
 * statement, so any default would cut legitimate long queries; keepalive probes are answered by the peer's
 * kernel whatever the backend is doing, so they fail only when the peer or the path is gone. With probes after
 * {@value #KEEPALIVE_IDLE_SECONDS} s of silence, every {@value #KEEPALIVE_INTERVAL_SECONDS} s, given up after
 * {@value #KEEPALIVE_PROBES} unanswered ones, a read on a dead connection fails within 60 s instead of the
 * Linux default of 2 h 11 min. (When a statement timeout is configured, the connector also sets a socket
 * timeout just above it, which notices a silent path that still acknowledges, such as a stuck proxy.)
 */
final class BoundedSocket extends Socket {

    static final int KEEPALIVE_IDLE_SECONDS = 30;
    static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    static final int KEEPALIVE_PROBES = 3;
    /** How long a read on a connection whose peer is gone can wait, at most, with nothing else configured. */
    public static final Duration DEAD_PEER_BOUND =
            Duration.ofSeconds(KEEPALIVE_IDLE_SECONDS + (long) KEEPALIVE_INTERVAL_SECONDS * KEEPALIVE_PROBES);

    /** The login this socket belongs to, until it ends; read by every read, so volatile. */
    private volatile Login login;
    /** The timeout the driver asked for; 0 is none. */
    private volatile int driverTimeoutMillis;
    private InputStream in;

    void joinLogin(Login login) {
        this.login = login;
    }

    void loginEnded() {
        login = null;
        try {
            if (!isClosed()) {
                super.setSoTimeout(driverTimeoutMillis);
            }
        } catch (SocketException closed) {
            // the login failed and closed it
        }
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        Login l = login;
        int bounded = timeout;
        if (l != null) {
            long left = l.remainingMillis();
            if (left <= 0) {
                throw expired(l);
            }
            bounded = timeout == 0 ? (int) Math.min(left, Integer.MAX_VALUE) : (int) Math.min(left, timeout);
        }
        super.connect(endpoint, bounded);
        tuneKeepalive();
    }

    private void tuneKeepalive() {
        try {
            if (supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
                setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
                setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the platform's defaults stay
        }
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        driverTimeoutMillis = timeout;
        super.setSoTimeout(timeout);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = new LoginBoundedInput(super.getInputStream());
        }
        return in;
    }

    /** Before each read during the login: the driver's timeout, or the time left, whichever is shorter. */
    private void boundRead() throws IOException {
        Login l = login;
        if (l == null) {
            return;
        }
        long left = l.remainingMillis();
        if (left <= 0) {
            throw expired(l);
        }
        int driver = driverTimeoutMillis;
        super.setSoTimeout((int) (driver == 0 ? Math.min(left, Integer.MAX_VALUE) : Math.min(left, driver)));
    }

    private static SocketTimeoutException expired(Login l) {
        return new SocketTimeoutException("the login did not finish within the connect timeout ("
                + l.bound().toMillis() + " ms)");
    }

    private final class LoginBoundedInput extends FilterInputStream {
        LoginBoundedInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            boundRead();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            boundRead();
            return in.read(b, off, len);
        }
    }
}
