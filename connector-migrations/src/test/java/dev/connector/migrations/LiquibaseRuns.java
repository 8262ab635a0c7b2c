package dev.connector.migrations;

import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;

/** Runs real Liquibase commands for the tests, with its tables in the test's own schema. */
final class LiquibaseRuns {

    private LiquibaseRuns() {
    }

    static void update(DataSource ds, String schema, Path folder, String changelog) throws Exception {
        try (Connection c = ds.getConnection()) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            db.setDefaultSchemaName(schema);
            db.setLiquibaseSchemaName(schema);
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(folder)), () ->
                    new CommandScope("update").addArgumentValue("database", db)
                            .addArgumentValue("changelogFile", changelog).execute());
        }
    }
}
