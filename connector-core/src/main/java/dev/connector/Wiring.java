package dev.connector;

import dev.connector.internal.credentials.CredentialsCache;
import dev.connector.internal.diagnose.FailureReport;
import dev.connector.internal.lifecycle.PhysicalConnections;
import dev.connector.internal.metrics.ConnectorMetrics;
import dev.connector.internal.network.ReadBounds;
import dev.connector.internal.session.SessionDriver;
import dev.connector.internal.session.SessionSettings;
import dev.connector.internal.strategy.LazyPool;
import dev.connector.internal.strategy.PhysicalConnector;
import dev.connector.internal.strategy.PoolSettings;
import dev.connector.internal.strategy.Retry;
import dev.connector.internal.strategy.StrategyChoice;
import dev.connector.spi.ConnectionAttemptListener;

import java.sql.Driver;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;

import static dev.connector.ConnectorProperty.IDLE_IN_TRANSACTION_SESSION_TIMEOUT;
import static dev.connector.ConnectorProperty.LOCK_TIMEOUT;
import static dev.connector.ConnectorProperty.POOLER;
import static dev.connector.ConnectorProperty.PREFIX;
import static dev.connector.ConnectorProperty.STATEMENT_TIMEOUT;

/**
 * What a {@link ConnectorDataSource} is made of, derived once from its configuration: the target's
 * description, the pooler and its session settings, the driver's properties (the password stays in this
 * package), the failure report, the physical connector and the strategy's source.
 */
final class Wiring {

    final String description;
    final Pooler pooler;
    final String poolerReason;
    final SessionSettings session;
    final FailureReport failures;
    final StrategyChoice strategy;
    final DataSource strategySource;

    Wiring(ConnectorConfig config, ConnectionAttemptListener listener, Driver driver, PhysicalConnections connections,
           LazyPool.StartListener poolStarted, CredentialsSupplier credentials, ConnectorMetrics metrics) {
        this.description = config.user() + "@" + config.host() + ":" + config.port() + "/" + config.database()
                + " sslmode=" + config.sslMode().map(ConnectorConfig.SslMode::configValue).orElse("prefer (pgjdbc default)")
                + " applicationName=" + config.applicationName();
        this.pooler = poolerOf(config);
        this.poolerReason = config.pooler().isPresent() ? "from " + config.source(POOLER)
                : pooler == Pooler.RDS_PROXY ? "the host is an RDS Proxy endpoint" : "auto: no pooler recognised";
        this.session = sessionSettings(config, pooler);
        this.failures = new FailureReport(new FailureReport.Target(config.host(), config.port(), config.database(),
                config.user(), config.sslMode().map(ConnectorConfig.SslMode::configValue).orElse("prefer"),
                config.applicationName(), config.connectTimeout()), ExceptionFactory.INSTANCE);
        this.strategy = StrategyChoice.of(config.strategy(), config.source(ConnectorProperty.STRATEGY), config.runtime());

        Retry retry = new Retry(config.retryDeadline(), config.retryInitialBackoff(), config.retryMaxBackoff(), listener);
        Properties driverProperties = driverProperties(config, session);
        if (credentials != null) {
            driverProperties.remove("password"); // each connect asks the supplier
        }
        PhysicalConnector connector = new PhysicalConnector(new PhysicalConnector.Endpoint(SessionDriver.of(driver, session),
                config.jdbcUrl(), driverProperties, description, config.connectTimeout(),
                ReadBounds.socketTimeoutAfterLoginMillis(config.socketTimeout(), config.statementTimeout().orElse(null))),
                connections, retry, failures, strategy.strategy() == PoolingStrategy.UNPOOLED,
                credentials == null ? null : new CredentialsCache(credentials, Clock.systemUTC(), description), metrics);
        this.strategySource = strategy.strategy() == PoolingStrategy.UNPOOLED ? connector
                : new LazyPool(poolSettings(config), connector, poolStarted, metrics);
    }

    /**
     * Session defaults travel in the startup packet (no SET round trip, which a proxy would pin); behind a
     * pooler, as {@link SessionSettings} says.
     */
    private static Properties driverProperties(ConnectorConfig config, SessionSettings session) {
        Properties p = new Properties();
        config.rawDriverProperties().forEach(p::setProperty);
        p.setProperty("user", config.user());
        if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        config.sslMode().ifPresent(mode -> p.setProperty("sslmode", mode.configValue()));
        p.setProperty("ApplicationName", config.applicationName());
        seconds(p, "connectTimeout", config.connectTimeout());
        seconds(p, "socketTimeout", loginBoundedBySocketTimeout(config) ? config.connectTimeout() : config.socketTimeout());
        seconds(p, "loginTimeout", config.loginTimeout());
        p.setProperty("tcpKeepAlive", String.valueOf(config.tcpKeepAlive()));
        session.applyTo(p);
        return p;
    }

    /** The pooler configured, or recognised from the host name under auto. */
    static Pooler poolerOf(ConnectorConfig config) {
        return config.pooler().orElse(Pooler.recognise(config.host()));
    }

    /**
     * The three session timeouts for this pooler; refuses at build time one the pooler cannot honour.
     * ConfigResolver calls it too, so that {@code ConnectorConfig.builder().build()} refuses it as well.
     */
    static SessionSettings sessionSettings(ConnectorConfig config, Pooler pooler) {
        SessionSettings settings = new SessionSettings(pooler, timeout(config, STATEMENT_TIMEOUT, "statement_timeout"),
                timeout(config, LOCK_TIMEOUT, "lock_timeout"),
                timeout(config, IDLE_IN_TRANSACTION_SESSION_TIMEOUT, "idle_in_transaction_session_timeout"));
        Properties given = new Properties();
        config.rawDriverProperties().forEach(given::setProperty);
        String refusal = settings.refusal(given);
        if (refusal != null) {
            String key = refusal.substring(0, refusal.indexOf(':'));
            throw new InvalidConfigurationException(key, refusal + " (" + POOLER.key() + " is " + pooler.configValue()
                    + " from " + config.source(POOLER) + ")");
        }
        return settings;
    }

    private static SessionSettings.Timeout timeout(ConnectorConfig config, ConnectorProperty property, String setting) {
        return new SessionSettings.Timeout(property.key().substring(PREFIX.length()), setting,
                config.get(property).map(d -> ((Duration) d).toMillis()).orElse(0L));
    }

    /**
     * pgjdbc's connectTimeout bounds the TCP connect, not the login after it: a peer that accepts and never
     * answers would hold a login forever without a socket timeout, and pgjdbc's loginTimeout costs a thread
     * per connect. So when no socket timeout is configured, the login runs under the connect timeout as its
     * socket timeout, and the connection gets "none" back once logged in.
     */
    private static boolean loginBoundedBySocketTimeout(ConnectorConfig config) {
        return config.socketTimeout().isZero();
    }

    private static void seconds(Properties p, String name, Duration value) {
        if (!value.isZero()) {
            p.setProperty(name, String.valueOf(value.toSeconds()));
        }
    }

    private static PoolSettings poolSettings(ConnectorConfig config) {
        return new PoolSettings("connector-" + config.applicationName(),
                config.maxPoolSize().isPresent() ? config.maxPoolSize().getAsInt() : null,
                config.minIdle(), config.instances(),
                config.serverMaxConnections().isPresent() ? config.serverMaxConnections().getAsInt() : null,
                config.reservedConnections().isPresent() ? config.reservedConnections().getAsInt() : null,
                config.acquireTimeout(), config.maxLifetime(), config.idleTimeout(),
                config.keepaliveTime(), config.leakDetectionThreshold(), config.runtime());
    }
}
