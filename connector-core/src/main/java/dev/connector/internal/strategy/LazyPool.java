package dev.connector.internal.strategy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connector.internal.jdbc.ConnectionSource;
import dev.connector.internal.metrics.ConnectorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The BOUNDED strategy before its first use: building it does no network I/O and starts no thread. The
 * first {@code getConnection()} sizes the pool, starts HikariCP and hands the pool to the owner, which then
 * points its hot path straight at HikariCP.
 */
public final class LazyPool extends ConnectionSource {

    /** Told once the pool has started; throws (and the pool is closed) when the owner was closed meanwhile. */
    public interface StartListener {
        void started(HikariDataSource pool) throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(LazyPool.class);

    private final PoolSettings settings;
    private final PhysicalConnector connector;
    private final StartListener listener;
    private final ConnectorMetrics metrics;
    private volatile HikariDataSource pool;

    public LazyPool(PoolSettings settings, PhysicalConnector connector, StartListener listener) {
        this(settings, connector, listener, ConnectorMetrics.NONE);
    }

    /** As above, with HikariCP's own meters when {@code metrics} has a registry. */
    public LazyPool(PoolSettings settings, PhysicalConnector connector, StartListener listener, ConnectorMetrics metrics) {
        this.settings = settings;
        this.connector = connector;
        this.listener = listener;
        this.metrics = metrics;
    }

    @Override
    public Connection getConnection() throws SQLException {
        HikariDataSource p = pool;
        return (p != null ? p : start()).getConnection();
    }

    /** The pool, or null before the first connection. */
    public HikariDataSource pool() {
        return pool;
    }

    private synchronized HikariDataSource start() throws SQLException {
        if (pool != null) {
            return pool;
        }
        // One connection first, as every borrow would: a permanent failure (a wrong password) fails this borrow at
        // once, a transient one is retried within the retry deadline; and it reads what the pool is sized and kept
        // alive by.
        ConnectionBudget budget = null;
        Duration idleSessionTimeout;
        try (Connection probe = connector.getConnection()) {
            if (PoolSizing.needsServer(settings)) {
                budget = ConnectionBudget.read(probe);
            }
            idleSessionTimeout = IdleCutoff.read(probe);
        }
        PoolSizing.Size size = PoolSizing.size(settings, budget);
        HikariDataSource started = new BoundedPool(hikariConfig(size.maximum(), idleSessionTimeout), connector,
                settings.acquireTimeout());
        try {
            listener.started(started);
        } catch (SQLException | RuntimeException e) {
            started.close();
            throw e;
        }
        log.info("connector: pool {} started for {}: {}; keepalive every {} ms{}", settings.poolName(), connector.target(),
                size.explanation(), started.getKeepaliveTime(), idleSessionTimeout.isZero() ? ""
                        : " (the server's idle_session_timeout is " + idleSessionTimeout.toMillis() + " ms)");
        pool = started;
        return started;
    }

    private HikariConfig hikariConfig(int maximum, Duration idleSessionTimeout) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(settings.poolName());
        c.setDataSource(connector);
        c.setMaximumPoolSize(maximum);
        int minIdle = Math.min(settings.minIdle(), maximum);
        if (minIdle < settings.minIdle()) {
            log.warn("connector: minIdle {} is above the pool's maximum {}; using {}", settings.minIdle(), maximum, minIdle);
        }
        c.setMinimumIdle(minIdle);
        long slice = BoundedPool.sliceMillis(settings.acquireTimeout());
        c.setConnectionTimeout(slice);
        c.setValidationTimeout(Math.min(slice, 5000));
        c.setMaxLifetime(settings.maxLifetime().toMillis());
        if (minIdle < maximum) {
            c.setIdleTimeout(settings.idleTimeout().toMillis()); // a fixed-size pool has no idle timeout
        }
        c.setKeepaliveTime(IdleCutoff.keepalive(settings.keepaliveTime(), idleSessionTimeout, settings.maxLifetime())
                .toMillis());
        c.setLeakDetectionThreshold(settings.leakDetectionThreshold().toMillis());
        c.setInitializationFailTimeout(-1); // the probe connection above already connected
        c.setRegisterMbeans(false);
        metrics.instrument(c);
        return c;
    }
}
