package dev.connector.testing;

import java.io.IOException;

/**
 * A {@link FaultProxy} that forwards and keeps the server side open when a client disappears without saying
 * goodbye, as the network path of a frozen or killed serverless environment does: the server never hears of
 * it, so its session stays. A Terminate message is forwarded like any other bytes and ends the session.
 */
public final class HalfOpenProxy implements AutoCloseable {

    private final FaultProxy proxy;

    public HalfOpenProxy(String targetHost, int targetPort) throws IOException {
        this.proxy = new FaultProxy(targetHost, targetPort).halfOpen(true);
    }

    public int port() {
        return proxy.port();
    }

    /** The proxy itself, to break the path further. */
    public FaultProxy faults() {
        return proxy;
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
