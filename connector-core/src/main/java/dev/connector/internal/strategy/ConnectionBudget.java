package dev.connector.internal.strategy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server's connection slots: {@code max_connections}, and the slots reserved from it
 * ({@code superuser_reserved_connections} plus, from PostgreSQL 16, {@code reserved_connections}). The one
 * place that asks the server; pool sizing, the doctor and the sizing suite read it through here.
 */
public record ConnectionBudget(int maxConnections, int reserved) {

    public static ConnectionBudget read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('max_connections')::int, "
                     + "current_setting('superuser_reserved_connections')::int "
                     + "+ coalesce(current_setting('reserved_connections', true)::int, 0)")) {
            rs.next();
            return new ConnectionBudget(rs.getInt(1), rs.getInt(2));
        }
    }
}
