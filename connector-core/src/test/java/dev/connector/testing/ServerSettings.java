package dev.connector.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings for a server of a test's own: pg_hba rules, max_connections, SSL, any postgresql.conf value. */
public final class ServerSettings {

    final Map<String, String> config = new LinkedHashMap<>();
    final List<String> hba = new ArrayList<>();
    boolean ssl;
    boolean standbyNotAccepting;
    int port;

    public static ServerSettings defaults() {
        return new ServerSettings();
    }

    public ServerSettings maxConnections(int n) {
        return set("max_connections", String.valueOf(n));
    }

    /** Listen on this port instead of a free one. */
    public ServerSettings port(int port) {
        this.port = port;
        return this;
    }

    /** A postgresql.conf setting. */
    public ServerSettings set(String name, String value) {
        config.put(name, value);
        return this;
    }

    /**
     * pg_hba.conf lines, replacing the default rules (superuser trusted on loopback, everyone else by
     * scram-sha-256). The harness keeps "host all postgres ... trust" first so it can administer the server.
     */
    public ServerSettings hba(String... lines) {
        hba.addAll(List.of(lines));
        return this;
    }

    /**
     * A standby (standby.signal) with hot_standby off: the postmaster runs and answers every login with
     * 57P03 "the database system is not accepting connections", as a server that is still starting does.
     */
    public ServerSettings standbyNotAcceptingConnections() {
        standbyNotAccepting = true;
        return set("hot_standby", "off");
    }

    /** SSL on, with a certificate for localhost signed by a CA generated for this server. */
    public ServerSettings ssl() {
        ssl = true;
        return this;
    }
}
