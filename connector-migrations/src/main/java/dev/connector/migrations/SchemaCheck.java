package dev.connector.migrations;

import dev.connector.ConnectorDataSource;
import dev.connector.migrations.internal.FlywayHistory;
import dev.connector.migrations.internal.History;
import dev.connector.migrations.internal.LiquibaseHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Compares the database's migration history with the migrations the application ships, read-only (SELECTs
 * only, so it passes the schema guard during a cold start), with Flyway's or Liquibase's own API.
 *
 * <pre>{@code
 * SchemaStatus status = SchemaCheck.flyway(dataSource).locations("classpath:db/migration").atStartup();
 * }</pre>
 *
 * {@link #atStartup()} logs one line (INFO when ready, WARN when not) and, when {@link #requireReady} is on,
 * refuses the start with {@link SchemaNotReadyException} if the schema is behind, failed or drifted. It is on by
 * default in serverless runtimes (a function has no readiness probe to withhold traffic: failing its init is how
 * it says "not ready", and the next cold start checks again) and off on servers (the readiness health indicator
 * keeps a server out of rotation while it stays up).
 */
public final class SchemaCheck {

    private static final Logger log = LoggerFactory.getLogger(SchemaCheck.class);

    /** {@code true} or {@code false}: overrides the default of {@link #requireReady}. */
    public static final String REQUIRE_READY_VARIABLE = "CONNECTOR_MIGRATIONS_REQUIRE_READY";

    private final DataSource dataSource;
    private final boolean flyway;
    private String[] locations = {"classpath:db/migration"};
    private String[] schemas = {};
    private String table;
    private String changelog;
    private Path directory;
    private String liquibaseSchema;
    private Boolean requireReady;
    private Map<String, String> environment = System.getenv();

    private SchemaCheck(DataSource dataSource, boolean flyway) {
        this.dataSource = connectorUnder(Objects.requireNonNull(dataSource, "dataSource"));
        this.flyway = flyway;
    }

    /**
     * Frameworks wrap DataSources (Micronaut Data's proxy hands out connections only inside its own transaction
     * or connection scope): the check reads through the connector underneath, which also knows the runtime.
     */
    private static DataSource connectorUnder(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(ConnectorDataSource.class) ? dataSource.unwrap(ConnectorDataSource.class) : dataSource;
        } catch (SQLException e) {
            return dataSource;
        }
    }

    /** Flyway's history, with the migrations in {@code classpath:db/migration} unless {@link #locations} says otherwise. */
    public static SchemaCheck flyway(DataSource dataSource) {
        return new SchemaCheck(dataSource, true);
    }

    /** Liquibase's history, with this changelog (found on the classpath unless {@link #directory} is given). */
    public static SchemaCheck liquibase(DataSource dataSource, String changelog) {
        SchemaCheck check = new SchemaCheck(dataSource, false);
        check.changelog = Objects.requireNonNull(changelog, "changelog");
        return check;
    }

    /** Flyway locations, as Flyway takes them ({@code classpath:...}, {@code filesystem:...}). */
    public SchemaCheck locations(String... locations) {
        this.locations = locations.clone();
        return this;
    }

    /** Flyway's schemas (the first holds its history table), or Liquibase's schema of its tables. */
    public SchemaCheck schemas(String... schemas) {
        this.schemas = schemas.clone();
        this.liquibaseSchema = schemas.length > 0 ? schemas[0] : null;
        return this;
    }

    /** Flyway's history table, when not {@code flyway_schema_history}. */
    public SchemaCheck table(String table) {
        this.table = table;
        return this;
    }

    /** Liquibase: the directory the changelog path is relative to, instead of the classpath. */
    public SchemaCheck directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Whether {@link #atStartup()} refuses a schema that is behind, failed or drifted. */
    public SchemaCheck requireReady(boolean require) {
        this.requireReady = require;
        return this;
    }

    /** Where {@value #REQUIRE_READY_VARIABLE} is read from; the process environment by default. */
    public SchemaCheck environment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    /** Reads the history and compares; no logging. */
    public SchemaStatus read() throws SQLException {
        History h;
        try {
            h = flyway ? FlywayHistory.read(dataSource, locations, schemas, table)
                    : LiquibaseHistory.read(dataSource, changelog, directory, liquibaseSchema);
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("could not read the " + (flyway ? "Flyway" : "Liquibase") + " history: "
                    + e.getMessage(), dev.connector.migrations.internal.LockTimeouts.sqlState(e), e);
        }
        return new SchemaStatus(h.tool, h.applied, h.shipped, h.pending, h.failed, h.drifted, h.ahead);
    }

    /**
     * Reads, logs one line (INFO when ready, WARN when not), and when {@link #requireReady} is on refuses a
     * schema that is not ready.
     *
     * @throws SchemaNotReadyException when required and the schema is behind, failed or drifted
     */
    public SchemaStatus atStartup() throws SQLException {
        SchemaStatus status = read();
        if (status.isReady()) {
            log.info("connector-migrations: {}", status.summary());
        } else {
            log.warn("connector-migrations: {}", status.summary());
            if (requiresReady()) {
                throw new SchemaNotReadyException(status);
            }
        }
        return status;
    }

    /** Whether a schema that is not ready fails the start: as set, else the environment, else by runtime. */
    public boolean requiresReady() {
        if (requireReady != null) {
            return requireReady;
        }
        String v = environment.get(REQUIRE_READY_VARIABLE);
        if (v != null) {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new dev.connector.InvalidConfigurationException(REQUIRE_READY_VARIABLE, REQUIRE_READY_VARIABLE
                    + ": got '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'; allowed: true or false");
        }
        return dataSource instanceof ConnectorDataSource && ((ConnectorDataSource) dataSource).runtime().kind().isServerless();
    }
}
