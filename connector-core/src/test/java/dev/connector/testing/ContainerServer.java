package dev.connector.testing;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** Loaded only when a Docker engine is there, so that Testcontainers costs nothing otherwise. */
final class ContainerServer {

    private ContainerServer() {
    }

    static PostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
        container.start();
        return new PostgresServer(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword(), container.getDatabaseName(), container::stop);
    }
}
