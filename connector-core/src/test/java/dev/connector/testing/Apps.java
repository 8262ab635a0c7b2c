package dev.connector.testing;

import dev.connector.ConnectorDataSource;
import dev.connector.ConnectorProperty;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Builders for DataSources under test, logging in as the app role, each with its own application name. */
public final class Apps {

    public static final Map<String, String> LAMBDA = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "orders", "AWS_EXECUTION_ENV", "AWS_Lambda_java17");

    private Apps() {
    }

    /** A fresh application name, so that server-side session counts see only this test. */
    public static String uniqueName() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A builder for the app database, no shutdown hook, a server runtime unless an environment is given. */
    public static ConnectorDataSource.Builder builder(PostgresServer server, String applicationName) {
        return ConnectorDataSource.builder()
                .environment(Map.of())
                .url(server.appJdbcUrl()).user(PostgresServer.APP_USER).password(PostgresServer.APP_PASSWORD)
                .applicationName(applicationName)
                .shutdownHook(false);
    }

    /** A builder for the app database through this PgBouncer, with connector.pooler set to its mode. */
    public static ConnectorDataSource.Builder builder(PgBouncer bouncer, String applicationName) {
        return ConnectorDataSource.builder()
                .environment(Map.of())
                .url(bouncer.appJdbcUrl()).user(PostgresServer.APP_USER).password(PostgresServer.APP_PASSWORD)
                .applicationName(applicationName)
                .set(ConnectorProperty.POOLER, "pgbouncer-" + bouncer.mode().name().toLowerCase(java.util.Locale.ROOT))
                .shutdownHook(false);
    }

    /** A builder configured by an environment as a platform would give it: the runtime's variables and DATABASE_URL. */
    public static ConnectorDataSource.Builder fromPlatform(PostgresServer server, Map<String, String> platform,
                                                           String applicationName) {
        Map<String, String> env = new HashMap<>(platform);
        env.put("DATABASE_URL", server.appDatabaseUrl());
        env.put("PGAPPNAME", applicationName);
        env.put("CONNECTOR_SHUTDOWN_HOOK", "false");
        return ConnectorDataSource.builder().environment(env);
    }
}
