package dev.connector.testing;

import dev.connector.internal.config.PropertyTable;

import java.util.Set;

/** The test harness's own variable, known like any module's, so an environment that sets it is not refused. */
public final class TestVariables implements PropertyTable {

    @Override
    public String module() {
        return "connector-core tests";
    }

    @Override
    public Set<String> environmentVariables() {
        return Set.of("CONNECTOR_TEST_JDBC_URL");
    }
}
