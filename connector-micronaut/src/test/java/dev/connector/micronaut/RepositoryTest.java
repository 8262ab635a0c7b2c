package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import dev.connector.PoolingStrategy;
import dev.connector.testing.Apps;
import dev.connector.testing.PostgresServer;
import dev.connector.testing.TestDatabase;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Micronaut Data JDBC repositories and @Transactional, unchanged, on the connector. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepositoryTest implements TestPropertyProvider {

    private static final String APP = Apps.uniqueName();

    @Inject
    BookRepository books;
    @Inject
    BookService service;
    @Inject
    DataSource dataSource;
    @Inject
    DataSourceResolver resolver;

    @Override
    public Map<String, String> getProperties() {
        PostgresServer db = TestDatabase.shared();
        return Map.of(
                "datasources.default.url", db.appJdbcUrl(),
                "datasources.default.username", PostgresServer.APP_USER,
                "datasources.default.password", PostgresServer.APP_PASSWORD,
                "datasources.default.dialect", "POSTGRES",
                "datasources.default.schema-generate", "CREATE_DROP",
                "datasources.default.maximum-pool-size", "3",
                "datasources.default.connector.application-name", APP);
    }

    @Test
    void theDataSourceIsTheConnectorAndTheResolverReachesIt() {
        ConnectorDataSource connector = (ConnectorDataSource) resolver.resolve(dataSource);
        assertThat(connector.strategy()).isEqualTo(PoolingStrategy.BOUNDED);
        assertThat(connector.config().applicationName()).isEqualTo(APP);
        assertThat(connector.config().value(dev.connector.ConnectorProperty.MAX_POOL_SIZE)).contains("3");
    }

    @Test
    void crudAndQueriesWork() {
        Book saved = books.save(new Book(null, "Dune", 412));
        assertThat(books.findById(saved.id())).contains(saved);
        assertThat(books.findByTitle("Dune")).extracting(Book::pages).containsExactly(412);
        assertThat(books.countLongerThan(400)).isGreaterThanOrEqualTo(1);
        books.deleteById(saved.id());
        assertThat(books.findById(saved.id())).isEmpty();
    }

    @Test
    void transactionsCommitAndRollBack() {
        service.addBoth("Emma", "Persuasion");
        assertThat(books.findByTitle("Emma")).hasSize(1);
        assertThatThrownBy(() -> service.addBothThenFail("Ulysses", "Dubliners"))
                .hasMessageContaining("rolled back on purpose");
        assertThat(books.findByTitle("Ulysses")).isEmpty();
        assertThat(books.findByTitle("Dubliners")).isEmpty();
    }
}
