package dev.connector.internal.lifecycle;

import com.zaxxer.hikari.HikariDataSource;
import dev.connector.internal.diagnose.Exceptions;
import dev.connector.internal.guard.GuardedSource;
import dev.connector.internal.guard.SchemaGuard;
import dev.connector.internal.jdbc.ConnectionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The phases of a DataSource and what its hot path points at in each: starting (behind the schema guard),
 * running, the pool's lazy start, held back for a checkpoint, closed. The DataSource keeps the one volatile
 * field its {@code getConnection()} reads; this class decides, under one lock, what that field points at,
 * so a phase that is over is switched out of the path instead of checked on every call.
 */
public final class Lifecycle {

    /** The DataSource's logger: users configure logging by the class they know. */
    private static final Logger log = LoggerFactory.getLogger("dev.connector.ConnectorDataSource");

    private final Object lock = new Object();
    private final Consumer<DataSource> hotPath;
    private final DataSource facade;
    private final String description;
    private final PhysicalConnections connections;
    private final SchemaGuard guard;
    private final Duration holdBackLimit;
    private final Thread shutdownHook;
    private final Exceptions exceptions;

    /** The strategy's own source: the connector (UNPOOLED), the lazy pool, then HikariCP once started. Guarded by lock. */
    private DataSource strategySource;
    /** What the hot path points at when neither suspended nor closed. Guarded by lock. */
    private DataSource running;
    private boolean closed;
    private HeldBack heldBack;

    /**
     * @param hotPath       sets the DataSource's volatile target
     * @param facade        the DataSource, which a borrow held back by a checkpoint calls again once released
     * @param strategy      the strategy's source
     * @param guard         the start-up schema guard, or null when schema changes are allowed
     * @param holdBackLimit how long a borrow waits for the restore after a checkpoint
     * @param shutdownHook  whether to close from a JVM shutdown hook
     * @param exceptions    makes the exception a closed DataSource answers
     */
    public Lifecycle(Consumer<DataSource> hotPath, DataSource facade, String description, PhysicalConnections connections,
                     DataSource strategy, SchemaGuard guard, Duration holdBackLimit, boolean shutdownHook,
                     String threadName, Exceptions exceptions) {
        this.exceptions = exceptions;
        this.hotPath = hotPath;
        this.facade = facade;
        this.description = description;
        this.connections = connections;
        this.guard = guard;
        this.holdBackLimit = holdBackLimit;
        synchronized (lock) {
            this.strategySource = strategy;
            this.running = guard == null ? strategy : new GuardedSource(strategy, guard);
            hotPath.accept(running);
        }
        this.shutdownHook = shutdownHook ? new Thread(this::close, threadName) : null;
        if (this.shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(this.shutdownHook);
        }
    }

    /** Whether schema changes are refused right now. */
    public boolean isSchemaGuardActive() {
        return guard != null && guard.isActive();
    }

    /** Ends the start-up phase: the guard is lifted and switched out of the path. Idempotent. */
    public void markReady() {
        synchronized (lock) {
            if (closed || guard == null || !guard.lift()) {
                return;
            }
            switchTo(strategySource);
        }
        log.info("connector: start-up phase ended for {}; schema changes are no longer refused", description);
    }

    /** Called by the lazy pool once HikariCP has started: the path goes straight to it from now on. */
    public void poolStarted(HikariDataSource pool) throws SQLException {
        synchronized (lock) {
            if (closed) {
                throw exceptions.closed(description);
            }
            DataSource lazy = strategySource;
            strategySource = pool;
            if (running == lazy) {
                switchTo(pool);
            }
        }
    }

    /** Under lock: the path goes to {@code source} from now on, unless held back by a checkpoint. */
    private void switchTo(DataSource source) {
        running = source;
        if (heldBack == null) {
            hotPath.accept(source);
        }
    }

    /**
     * Closes every physical connection, borrowed ones included, then the pool; later borrows meet
     * {@link Closed}. Idempotent.
     */
    public void close() {
        HikariDataSource pool;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = new Closed(description, exceptions);
            hotPath.accept(running);
            if (heldBack != null) {
                heldBack.release(); // borrowers held back by a checkpoint now meet the closed DataSource
                heldBack = null;
            }
            pool = strategySource instanceof HikariDataSource ? (HikariDataSource) strategySource : null;
        }
        // Close the physical connections first, gracefully (Terminate), borrowed ones included: HikariCP
        // would abort borrowed ones, and an aborted socket can leave the session alive behind a proxy.
        int closedCount = connections.closeAll();
        if (pool != null) {
            pool.close();
        }
        removeShutdownHook();
        log.info("connector: closed {}; {} open connection(s) closed", description, closedCount);
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already shutting down; the hook will find this DataSource closed
        }
    }

    /**
     * Before a checkpoint: closes every physical connection, borrowed and pooled, and holds new borrows back
     * until {@link #resume()}. Idempotent.
     */
    public void suspend() {
        HikariDataSource pool;
        synchronized (lock) {
            if (closed || heldBack != null) {
                return;
            }
            heldBack = new HeldBack();
            hotPath.accept(heldBack);
            pool = strategySource instanceof HikariDataSource ? (HikariDataSource) strategySource : null;
        }
        int count = connections.suspend();
        if (pool != null && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        log.info("connector: suspended for a checkpoint; {} connection(s) closed, new ones held back", count);
    }

    /** After a restore: borrows go through again, each on a fresh connection. Idempotent. */
    public void resume() {
        HeldBack released;
        synchronized (lock) {
            released = heldBack;
            if (released == null) {
                return;
            }
            heldBack = null;
            connections.resume();
            if (!closed) {
                hotPath.accept(running);
            }
        }
        released.release();
        log.info("connector: resumed after a restore");
    }

    /** Where borrows wait while a checkpoint is under way. */
    private final class HeldBack extends ConnectionSource {
        private final CountDownLatch resumed = new CountDownLatch(1);

        void release() {
            resumed.countDown();
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                if (!resumed.await(holdBackLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new SQLException("no connection for " + description + ": a checkpoint is under way and the "
                            + "restore did not come within " + dev.connector.internal.config.ValueType.format(holdBackLimit),
                            "08001");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while a checkpoint held connections back", "08001", e);
            }
            return facade.getConnection();
        }
    }
}
