package dev.connector;

import dev.connector.testing.CapturedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every row of the runtime table; building does no I/O, so these need no server. */
class RuntimeDetectionTest {

    private static final Map<String, String> LAMBDA = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "orders", "AWS_EXECUTION_ENV", "AWS_Lambda_java17");

    static Stream<Arguments> runtimeTable() {
        return Stream.of(
                arguments("AWS Lambda", LAMBDA, RuntimeKind.AWS_LAMBDA, PoolingStrategy.UNPOOLED, "orders"),
                arguments("AWS Lambda SnapStart", with(LAMBDA, "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"),
                        RuntimeKind.AWS_LAMBDA_SNAPSTART, PoolingStrategy.UNPOOLED, "orders"),
                arguments("AWS Lambda Managed Instances", with(LAMBDA, "AWS_LAMBDA_MAX_CONCURRENCY", "8"),
                        RuntimeKind.AWS_LAMBDA_MANAGED_INSTANCES, PoolingStrategy.BOUNDED, "orders"),
                arguments("Google Cloud Functions", Map.of("FUNCTION_TARGET", "handle", "K_SERVICE", "resize"),
                        RuntimeKind.GOOGLE_CLOUD_FUNCTIONS, PoolingStrategy.UNPOOLED, "resize"),
                arguments("Google Cloud Run service", Map.of("K_SERVICE", "api", "K_CONFIGURATION", "api", "K_REVISION", "api-1"),
                        RuntimeKind.GOOGLE_CLOUD_RUN, PoolingStrategy.BOUNDED, "api"),
                arguments("Google Cloud Run job", Map.of("CLOUD_RUN_JOB", "nightly"),
                        RuntimeKind.GOOGLE_CLOUD_RUN, PoolingStrategy.BOUNDED, "nightly"),
                arguments("Azure Functions", Map.of("FUNCTIONS_EXTENSION_VERSION", "~4", "WEBSITE_SITE_NAME", "billing"),
                        RuntimeKind.AZURE_FUNCTIONS, PoolingStrategy.UNPOOLED, "billing"),
                arguments("a server", Map.of("HOME", "/root"), RuntimeKind.SERVER, PoolingStrategy.BOUNDED, "connector"),
                arguments("Lambda's name without its execution environment", Map.of("AWS_LAMBDA_FUNCTION_NAME", "x"),
                        RuntimeKind.SERVER, PoolingStrategy.BOUNDED, "connector"),
                arguments("Knative's K_SERVICE alone", Map.of("K_SERVICE", "x"),
                        RuntimeKind.SERVER, PoolingStrategy.BOUNDED, "connector"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimeTable")
    void choosesTheStrategyOfEachRuntime(String row, Map<String, String> env, RuntimeKind kind,
                                         PoolingStrategy strategy, String applicationName) {
        try (ConnectorDataSource ds = ConnectorDataSource.fromEnvironment(with(env, "CONNECTOR_SHUTDOWN_HOOK", "false"))) {
            assertThat(ds.runtime().kind()).isEqualTo(kind);
            assertThat(ds.strategy()).isEqualTo(strategy);
            assertThat(ds.runtime().isServerless()).isEqualTo(kind != RuntimeKind.SERVER);
            assertThat(ds.config().applicationName()).isEqualTo(applicationName);
            assertThat(ds.config().schemaPolicy())
                    .isEqualTo(kind == RuntimeKind.SERVER ? SchemaPolicy.ALLOW : SchemaPolicy.REFUSE_AT_STARTUP);
            assertThat(ds.isSchemaGuardActive()).isEqualTo(kind != RuntimeKind.SERVER);
        }
    }

    @Test
    void saysWhyItChoseTheRuntime() {
        DetectedRuntime runtime = build(with(LAMBDA, "AWS_LAMBDA_MAX_CONCURRENCY", "8")).runtime();
        assertThat(runtime.reason()).contains("AWS_LAMBDA_FUNCTION_NAME=orders", "AWS_LAMBDA_MAX_CONCURRENCY=8");
        assertThat(runtime.concurrency()).isEqualTo(8);
        assertThat(runtime.name()).isEqualTo("AWS Lambda Managed Instances");
    }

    @Test
    void anExplicitStrategyAlwaysWins() {
        assertThat(build(with(LAMBDA, "CONNECTOR_STRATEGY", "bounded")).strategy()).isEqualTo(PoolingStrategy.BOUNDED);
        assertThat(build(Map.of("CONNECTOR_STRATEGY", "unpooled")).strategy()).isEqualTo(PoolingStrategy.UNPOOLED);
        try (ConnectorDataSource ds = ConnectorDataSource.builder().environment(LAMBDA).shutdownHook(false)
                .strategy(PoolingStrategy.BOUNDED).build()) {
            assertThat(ds.strategy()).isEqualTo(PoolingStrategy.BOUNDED);
        }
    }

    @Test
    void logsOneInfoLineWithRuntimeStrategyReasonAndTargetButNeverThePassword() {
        Map<String, String> env = with(LAMBDA, "DATABASE_URL", "postgres://app:S3cr3t-in-url@db.example.com:6543/orders");
        String out;
        try (CapturedOutput captured = new CapturedOutput()) {
            build(env).close();
            out = captured.text();
        }
        String line = out.lines().filter(l -> l.contains("connector: runtime")).findFirst().orElseThrow();
        assertThat(line).contains("INFO", "AWS Lambda", "AWS_LAMBDA_FUNCTION_NAME=orders", "UNPOOLED",
                "one request per environment", "app@db.example.com:6543/orders", "sslmode=require",
                "applicationName=orders", "refuse-at-startup");
        assertThat(out.lines().filter(l -> l.contains("connector: runtime"))).hasSize(1);
        assertThat(out).doesNotContain("S3cr3t-in-url");
    }

    private static ConnectorDataSource build(Map<String, String> env) {
        ConnectorDataSource ds = ConnectorDataSource.fromEnvironment(with(env, "CONNECTOR_SHUTDOWN_HOOK", "false"));
        ds.close();
        return ds;
    }

    static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(key, value);
        return copy;
    }
}
