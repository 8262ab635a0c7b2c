package dev.connector.migrations;

import dev.connector.ConnectorDataSource;
import dev.connector.ConnectorProperty;
import dev.connector.InvalidConfigurationException;
import dev.connector.PoolingStrategy;
import dev.connector.SchemaPolicy;
import dev.connector.internal.config.DriverLimits;
import dev.connector.internal.config.ValueType;
import dev.connector.migrations.internal.Blockers;
import dev.connector.migrations.internal.InvalidIndexes;
import dev.connector.migrations.internal.LockTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The DataSource a deploy step runs migrations through (Flyway, Liquibase, plain SQL), so that a schema change
 * never queues production's queries behind it:
 * <ul>
 *   <li>every statement waits at most {@code lockTimeout} (3 s) for a lock, then is cancelled by the server,
 *       so the queries queued behind its lock request go on;</li>
 *   <li>no statement timeout unless one is set ({@code CREATE INDEX CONCURRENTLY} may run for an hour);</li>
 *   <li>the schema guard off, whatever the runtime; one physical connection per borrow, none kept;</li>
 *   <li>{@link #run} runs the migration again, whole, when it failed on a lock timeout (SQLState 55P03),
 *       with capped exponential backoff and full jitter, at most {@code maxAttempts} times, each attempt logged.</li>
 * </ul>
 *
 * <pre>{@code
 * try (MigrationSession session = MigrationSession.fromEnvironment()) {
 *     session.run("flyway migrate", ds -> Flyway.configure().dataSource(ds).load().migrate());
 * }
 * }</pre>
 */
public final class MigrationSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MigrationSession.class);

    /** Environment variables of the session's own options. */
    public static final String LOCK_TIMEOUT_VARIABLE = "CONNECTOR_MIGRATIONS_LOCK_TIMEOUT";
    public static final String STATEMENT_TIMEOUT_VARIABLE = "CONNECTOR_MIGRATIONS_STATEMENT_TIMEOUT";
    public static final String MAX_ATTEMPTS_VARIABLE = "CONNECTOR_MIGRATIONS_MAX_ATTEMPTS";
    public static final String INITIAL_BACKOFF_VARIABLE = "CONNECTOR_MIGRATIONS_INITIAL_BACKOFF";
    public static final String MAX_BACKOFF_VARIABLE = "CONNECTOR_MIGRATIONS_MAX_BACKOFF";

    private final ConnectorDataSource dataSource;
    private final Duration lockTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private MigrationSession(Builder b) {
        this.lockTimeout = b.lockTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        ConnectorDataSource.Builder c = b.connection
                .set(ConnectorProperty.LOCK_TIMEOUT, lockTimeout.toMillis() + "ms")
                .set(ConnectorProperty.STATEMENT_TIMEOUT, b.statementTimeout.toMillis() + "ms")
                .schemaPolicy(SchemaPolicy.ALLOW)
                .strategy(PoolingStrategy.UNPOOLED);
        this.dataSource = c.build();
        log.info("connector-migrations: migration session on {}: lock_timeout {}, statement_timeout {}, at most {} "
                        + "attempt(s) on lock timeouts, backoff {} to {} with full jitter", dataSource,
                ValueType.format(lockTimeout), b.statementTimeout.isZero() ? "none" : ValueType.format(b.statementTimeout),
                maxAttempts, ValueType.format(initialBackoff), ValueType.format(maxBackoff));
    }

    /** A session on the connection this builder describes (URL, user, password, ...), with default options. */
    public static Builder builder(ConnectorDataSource.Builder connection) {
        return new Builder(Objects.requireNonNull(connection, "connection"));
    }

    /** The connection from {@code DATABASE_URL}, {@code PG*}, {@code CONNECTOR_*}; options from {@code CONNECTOR_MIGRATIONS_*}. */
    public static MigrationSession fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static MigrationSession fromEnvironment(Map<String, String> environment) {
        return builder(ConnectorDataSource.builder().environment(environment)).environment(environment).build();
    }

    /** The DataSource to give the migration tool: every session it opens has the session's settings. */
    public DataSource dataSource() {
        return dataSource;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * Runs the migration; when it fails on a lock timeout, waits (full jitter below a cap that starts at
     * {@code initialBackoff} and doubles up to {@code maxBackoff}) and runs it again, whole, at most
     * {@code maxAttempts} times in all. Any other failure is thrown at once.
     *
     * @param name what to call the migration in logs and messages, for example {@code "flyway migrate"}
     * @throws MigrationLockTimeoutException when every attempt met a lock timeout
     * @throws SQLException any other failure of the migration; a tool's unchecked exception is thrown as it is
     */
    public <T> T run(String name, Migration<T> migration) throws SQLException {
        long start = System.nanoTime();
        Throwable last = null;
        String blockers = "";
        java.util.Set<Long> invalidBefore = InvalidIndexes.snapshot(dataSource);
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            log.info("connector-migrations: {}: attempt {} of {}", name, attempt, maxAttempts);
            try {
                if (attempt > 1) {
                    for (String index : InvalidIndexes.dropNew(dataSource, invalidBefore)) {
                        log.warn("connector-migrations: {}: dropped the INVALID index {} that a cancelled CREATE INDEX "
                                + "CONCURRENTLY left (it would make the retry fail, or keep a useless index)", name, index);
                    }
                }
                T result = migration.run(dataSource);
                log.info("connector-migrations: {}: done at attempt {} after {}", name, attempt, elapsed(start));
                return result;
            } catch (Exception e) {
                if (!LockTimeouts.isLockTimeout(e)) {
                    throw rethrow(name, e);
                }
                last = e;
                blockers = Blockers.describe(dataSource, lockTimeout);
                if (attempt == maxAttempts) {
                    break;
                }
                long wait = backoffMillis(attempt);
                log.warn("connector-migrations: {}: attempt {} of {} waited longer than lock_timeout {} for a lock "
                                + "and was cancelled, so queries queued behind it could go on; {}; trying again in {} ms",
                        name, attempt, maxAttempts, ValueType.format(lockTimeout), blockers, wait);
                sleep(wait);
            }
        }
        String message = name + " gave up after " + maxAttempts + " attempt(s) over " + elapsed(start)
                + ": each time a statement waited longer than lock_timeout " + ValueType.format(lockTimeout)
                + " for a lock another session held, and the server cancelled it so that the queries queued behind it "
                + "could go on. What the tool committed before the failing statement stays applied. A cancelled CREATE "
                + "INDEX CONCURRENTLY leaves an INVALID index, which the session drops before each retry; after a give-up, "
                + "find it with SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid and DROP INDEX CONCURRENTLY it.\n"
                + "  Blocking now: " + blockers + "\n"
                + "  Last failure: " + LockTimeouts.firstLine(last) + "\n"
                + "  Next: find the blocker while the deploy retries (SELECT pid, application_name, state, xact_start "
                + "FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0 OR xact_start < now() - interval '1 min'); "
                + "end the long transaction or deploy at a quieter time; raise " + MAX_ATTEMPTS_VARIABLE
                + " rather than " + LOCK_TIMEOUT_VARIABLE + ", since every query on the table waits as long as the lock "
                + "timeout at each attempt.";
        log.warn("connector-migrations: {}", message);
        throw new MigrationLockTimeoutException(message, maxAttempts, last);
    }

    private long backoffMillis(int attempt) {
        long cap = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
        cap = Math.min(Math.max(cap, 1), maxBackoff.toMillis());
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    private static SQLException rethrow(String name, Exception e) {
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof SQLException) {
            return (SQLException) e;
        }
        return new SQLException(name + " failed: " + e.getMessage(), LockTimeouts.sqlState(e), e);
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry a migration", "57014", e);
        }
    }

    private static String elapsed(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** Closes every connection the session opened. */
    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "MigrationSession{" + dataSource + ", lockTimeout=" + ValueType.format(lockTimeout) + "}";
    }

    /** Options of a migration session; {@link #build()} validates them. */
    public static final class Builder {
        private static final ValueType LOCK_TIMEOUT = ValueType.duration("milliseconds", Duration.ofMillis(1), DriverLimits.SERVER_MAX_MILLIS, null, false);
        private static final ValueType STATEMENT_TIMEOUT = ValueType.duration("milliseconds", Duration.ofMillis(1),
                DriverLimits.SERVER_MAX_MILLIS, "no limit", false);
        private static final ValueType ATTEMPTS = ValueType.integer(1, 100);
        private static final ValueType BACKOFF = ValueType.duration("milliseconds", Duration.ofMillis(1), DriverLimits.SERVER_MAX_MILLIS, null, false);

        private final ConnectorDataSource.Builder connection;
        private Duration lockTimeout = Duration.ofSeconds(3);
        private Duration statementTimeout = Duration.ZERO;
        private int maxAttempts = 10;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);

        private Builder(ConnectorDataSource.Builder connection) {
            this.connection = connection;
        }

        /** How long any statement waits for a lock before the server cancels it; default 3 s. */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = check(LOCK_TIMEOUT, "lockTimeout", timeout);
            return this;
        }

        /** A statement_timeout for the migration's statements; default none (0). */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout = check(STATEMENT_TIMEOUT, "statementTimeout", timeout);
            return this;
        }

        /** How many times in all a migration is run when it keeps failing on lock timeouts; default 10. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = (Integer) parse(ATTEMPTS, "maxAttempts", String.valueOf(attempts), "builder");
            return this;
        }

        /** The cap of the first wait between attempts (default 500 ms); it doubles at each attempt. */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = check(BACKOFF, "initialBackoff", backoff);
            return this;
        }

        /** The largest cap of a wait between attempts; default 30 s. */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = check(BACKOFF, "maxBackoff", backoff);
            return this;
        }

        /** The options set in this environment ({@code CONNECTOR_MIGRATIONS_*}); setters called later win. */
        public Builder environment(Map<String, String> env) {
            String v;
            if ((v = env.get(LOCK_TIMEOUT_VARIABLE)) != null) {
                lockTimeout = (Duration) parse(LOCK_TIMEOUT, LOCK_TIMEOUT_VARIABLE, v, "the environment");
            }
            if ((v = env.get(STATEMENT_TIMEOUT_VARIABLE)) != null) {
                statementTimeout = (Duration) parse(STATEMENT_TIMEOUT, STATEMENT_TIMEOUT_VARIABLE, v, "the environment");
            }
            if ((v = env.get(MAX_ATTEMPTS_VARIABLE)) != null) {
                maxAttempts = (Integer) parse(ATTEMPTS, MAX_ATTEMPTS_VARIABLE, v, "the environment");
            }
            if ((v = env.get(INITIAL_BACKOFF_VARIABLE)) != null) {
                initialBackoff = (Duration) parse(BACKOFF, INITIAL_BACKOFF_VARIABLE, v, "the environment");
            }
            if ((v = env.get(MAX_BACKOFF_VARIABLE)) != null) {
                maxBackoff = (Duration) parse(BACKOFF, MAX_BACKOFF_VARIABLE, v, "the environment");
            }
            return this;
        }

        /**
         * Builds the session's DataSource (no I/O).
         *
         * @throws InvalidConfigurationException for a bad connection setting, or maxBackoff below initialBackoff
         */
        public MigrationSession build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new InvalidConfigurationException("maxBackoff", "maxBackoff: got '" + ValueType.format(maxBackoff)
                        + "'; allowed: at least initialBackoff (" + ValueType.format(initialBackoff) + ")");
            }
            return new MigrationSession(this);
        }

        private static Duration check(ValueType type, String name, Duration value) {
            Objects.requireNonNull(value, name);
            return (Duration) parse(type, name, value.toMillis() + "ms", "builder");
        }

        private static Object parse(ValueType type, String name, String text, String source) {
            try {
                return type.parse(text);
            } catch (IllegalArgumentException e) {
                String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
                throw new InvalidConfigurationException(name, name + ": got '" + shown + "' from " + source
                        + "; allowed: " + type.allowed());
            }
        }
    }
}
