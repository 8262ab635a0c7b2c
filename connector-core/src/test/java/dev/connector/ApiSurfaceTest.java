package dev.connector;

import dev.connector.internal.diagnose.FailureReport;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What users can touch: no internal type in a public signature, exceptions they handle and cannot forge. */
class ApiSurfaceTest {

    private static final List<String> API_PACKAGES = List.of("dev.connector", "dev.connector.spi", "dev.connector.diagnose");

    static List<Class<?>> publicApiTypes() throws Exception {
        List<Class<?>> types = new ArrayList<>();
        Path classes = Path.of("target", "classes");
        for (String pkg : API_PACKAGES) {
            Path dir = classes.resolve(pkg.replace('.', File.separatorChar));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = f.getFileName().toString().replace(".class", "");
                    if (name.equals("package-info")) {
                        continue;
                    }
                    Class<?> c = Class.forName(pkg + "." + name.replace('/', '.'));
                    if (Modifier.isPublic(c.getModifiers()) && (c.getEnclosingClass() == null
                            || Modifier.isPublic(c.getEnclosingClass().getModifiers()))) {
                        types.add(c);
                    }
                }
            }
        }
        return types;
    }

    @Test
    void noPublicSignatureMentionsAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : publicApiTypes()) {
            for (Method m : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                check(leaks, type.getName() + "." + m.getName() + " returns", m.getReturnType());
                for (Parameter p : m.getParameters()) {
                    check(leaks, type.getName() + "." + m.getName() + " takes", p.getType());
                }
                for (Class<?> e : m.getExceptionTypes()) {
                    check(leaks, type.getName() + "." + m.getName() + " throws", e);
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(c.getModifiers())) {
                    for (Parameter p : c.getParameters()) {
                        check(leaks, type.getName() + " constructor takes", p.getType());
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static void check(List<String> leaks, String where, Class<?> type) {
        if (type.getName().contains(".internal.")) {
            leaks.add(where + " " + type.getName());
        }
    }

    @Test
    void exceptionsOnlyTheConnectorRaisesHaveNoPublicConstructor() {
        for (Class<?> type : List.of(ConnectionFailedException.class, DataSourceClosedException.class)) {
            assertThat(Stream.of(type.getDeclaredConstructors()).filter(c -> Modifier.isPublic(c.getModifiers())))
                    .as(type.getSimpleName()).isEmpty();
        }
    }

    @Test
    void aClosedDataSourceThrowsThePublicClosedException() {
        // Given a DataSource that was closed
        ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of()).host("db.nowhere.invalid")
                .sslMode("disable").strategy(PoolingStrategy.UNPOOLED).shutdownHook(false).build();
        ds.close();
        // When a connection is asked for
        Throwable thrown = catchThrowable(ds::getConnection);
        // Then the exception is API, with its SQLState, and says what happened
        assertThat(thrown).isInstanceOf(DataSourceClosedException.class)
                .hasMessageContaining("is closed: close() was called");
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08003");
        assertThat(thrown.getClass().getName()).doesNotContain("internal");
    }

    @Test
    void aConnectionFailureCarriesItsLikelyCauseAndNextStepFromTheRunbook() {
        // Given nothing listening where the DataSource points
        ConnectorDataSource ds = ConnectorDataSource.builder().environment(Map.of()).host("127.0.0.1").port(1)
                .sslMode("disable").strategy(PoolingStrategy.UNPOOLED).retryDeadline(Duration.ZERO)
                .shutdownHook(false).build();
        try (ds) {
            Throwable thrown = catchThrowable(ds::getConnection);
            assertThat(thrown).isInstanceOf(ConnectionFailedException.class);
            ConnectionFailedException e = (ConnectionFailedException) thrown;
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
            // Then the structured fields are the message's lines, from the one runbook
            assertThat(e.likelyCause()).startsWith("nothing listens on 127.0.0.1:1");
            assertThat(e.nextStep()).contains("`pg_isready -h 127.0.0.1 -p 1`");
            assertThat(e.getMessage()).contains("Likely cause: " + e.likelyCause()).contains("Next: " + e.nextStep());
            assertThat(e.nextStep()).isEqualTo(dev.connector.internal.diagnose.Runbook.next(e.kind(),
                    new FailureReport.Target("127.0.0.1", 1, ds.config().database(), ds.config().user(), "disable",
                            ds.config().applicationName(), ds.config().connectTimeout()), ""));
        }
    }

    @Test
    void loadingTheDoctorSetsNoJvmWideSystemProperty() throws Exception {
        // Given a class loader of its own, so the doctor's class is initialised here whatever ran before
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        Map<Object, Object> before = Map.copyOf(System.getProperties());
        try (URLClassLoader fresh = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            // When the doctor's class is loaded and initialised
            Class.forName("dev.connector.diagnose.Doctor", true, fresh);
        }
        // Then no system property changed
        assertThat(Map.copyOf(System.getProperties())).isEqualTo(before);
    }
}
