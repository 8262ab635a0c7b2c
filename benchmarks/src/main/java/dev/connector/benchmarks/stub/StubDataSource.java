package dev.connector.benchmarks.stub;

import dev.connector.internal.jdbc.ConnectionSource;

import java.sql.Connection;
import java.util.Properties;

/** The stub driver as a DataSource, for raw HikariCP. */
public final class StubDataSource extends ConnectionSource {

    private final StubDriver driver = new StubDriver();

    @Override
    public Connection getConnection() {
        return driver.connect(StubDriver.URL, new Properties());
    }
}
