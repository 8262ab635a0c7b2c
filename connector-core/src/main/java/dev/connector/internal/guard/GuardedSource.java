package dev.connector.internal.guard;

import dev.connector.internal.jdbc.ConnectionSource;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Hands out the strategy's connections wrapped in the schema guard; used only while the guard is active. */
public final class GuardedSource extends ConnectionSource {

    private final DataSource strategy;
    private final SchemaGuard guard;

    public GuardedSource(DataSource strategy, SchemaGuard guard) {
        this.strategy = strategy;
        this.guard = guard;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return new GuardedConnection(strategy.getConnection(), guard);
    }
}
