package dev.connector.internal.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One login's deadline. While a login runs on a thread, every socket the {@link ConnectorSocketFactory} makes on
 * that thread belongs to it: its TCP connect and each of its reads get only the time left until the deadline,
 * whatever the driver asks for. That covers the whole login, however many sockets and round trips it takes:
 * pgjdbc's TLS request, its retry without TLS under {@code sslmode=prefer}, SCRAM, the initial queries.
 * Once the login ends, its sockets go back to the driver's own socket timeout.
 */
public final class Login implements AutoCloseable {

    private static final ThreadLocal<Login> CURRENT = new ThreadLocal<>();

    private final long deadlineNanos;
    private final Duration bound;
    private final List<BoundedSocket> sockets = new ArrayList<>(2);

    private Login(Duration bound) {
        this.bound = bound;
        this.deadlineNanos = System.nanoTime() + bound.toNanos();
    }

    /** Starts a login on this thread that must end within {@code bound}; close it when the login has ended. */
    public static Login begin(Duration bound) {
        Login login = new Login(bound);
        CURRENT.set(login);
        return login;
    }

    /** The login under way on this thread, or null. */
    static Login current() {
        return CURRENT.get();
    }

    void adopt(BoundedSocket socket) {
        sockets.add(socket);
    }

    /** Milliseconds left, at least 0. */
    long remainingMillis() {
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    Duration bound() {
        return bound;
    }

    @Override
    public void close() {
        CURRENT.remove();
        for (BoundedSocket s : sockets) {
            s.loginEnded();
        }
    }
}
