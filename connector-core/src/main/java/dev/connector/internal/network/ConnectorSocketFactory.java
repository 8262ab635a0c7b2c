package dev.connector.internal.network;

import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * The sockets pgjdbc opens for the connector (given to it as the {@code socketFactory} property): each one is
 * bounded by the {@link Login} under way on the thread that made it, and has TCP keepalive tuned so that a dead
 * peer is noticed within {@link BoundedSocket#DEAD_PEER_BOUND}. pgjdbc makes one factory per connect, by its
 * public no-argument constructor.
 */
public final class ConnectorSocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() throws SocketException {
        BoundedSocket socket = new BoundedSocket();
        Login login = Login.current();
        if (login != null) {
            login.adopt(socket);
            socket.joinLogin(login);
        }
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw unconnectedOnly();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw unconnectedOnly();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw unconnectedOnly();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw unconnectedOnly();
    }

    /** pgjdbc only ever asks for an unconnected socket and connects it with a timeout. */
    private static UnsupportedOperationException unconnectedOnly() {
        return new UnsupportedOperationException("the connector's sockets are created unconnected");
    }
}
