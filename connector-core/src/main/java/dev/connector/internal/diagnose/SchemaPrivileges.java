package dev.connector.internal.diagnose;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the application's role could change in the schema, asked of the server: the backstop behind the schema
 * guard, which reads SQL text and so cannot see inside functions, procedures, triggers or rules. A role that
 * can create objects in its schemas (CREATE on a schema, or on the database), owns tables (and so may alter
 * or drop them), creates roles or databases, or is a superuser can change the schema however the SQL looks;
 * a runtime role without those rights cannot, whatever runs.
 */
public final class SchemaPrivileges {

    /** The doctor's step: {@code ok} or {@code warn}, what was found, and what to do. */
    public record Report(String status, String detail, String fix) {
    }

    static final String QUERY = "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, "
            + "has_database_privilege(current_database(), 'CREATE'), "
            + "(SELECT string_agg(quote_ident(n.nspname), ', ' ORDER BY n.nspname) FROM pg_namespace n "
            + "  WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' "
            + "  AND has_schema_privilege(n.oid, 'CREATE')), "
            + "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT LIKE 'pg\\_%' "
            + "  AND n.nspname <> 'information_schema' AND pg_has_role(c.relowner, 'USAGE')), "
            + "current_user "
            + "FROM pg_roles r WHERE r.rolname = current_user";

    private SchemaPrivileges() {
    }

    public static Report read(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            if (!rs.next()) {
                return new Report("warn", "the current role is not in pg_roles", null);
            }
            String user = rs.getString(7);
            List<String> can = new ArrayList<>();
            if (rs.getBoolean(1)) {
                can.add("is a superuser");
            }
            String schemas = rs.getString(5);
            if (schemas != null) {
                can.add("can create objects in schema(s) " + schemas);
            }
            long owned = rs.getLong(6);
            if (owned > 0) {
                can.add("owns " + owned + " table(s), view(s) or sequence(s), so may alter or drop them");
            }
            if (rs.getBoolean(4)) {
                can.add("can create schemas in this database");
            }
            if (rs.getBoolean(2)) {
                can.add("can create roles");
            }
            if (rs.getBoolean(3)) {
                can.add("can create databases");
            }
            if (can.isEmpty()) {
                return new Report("ok", user + " cannot create, alter or drop schema objects here: least privilege, "
                        + "the guarantee behind the schema guard", null);
            }
            return new Report("warn", user + " " + String.join("; ", can) + ". The schema guard refuses DDL in the "
                    + "SQL the application sends, but not inside functions, procedures, triggers or rules",
                    "run the application as a role that owns nothing and has no CREATE right, and keep this one for "
                    + "migrations: CREATE ROLE app_runtime LOGIN; GRANT USAGE ON SCHEMA public TO app_runtime; "
                    + "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_runtime; "
                    + "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO app_runtime (and REVOKE CREATE ON SCHEMA "
                    + "public FROM PUBLIC on servers before PostgreSQL 15)");
        }
    }
}
