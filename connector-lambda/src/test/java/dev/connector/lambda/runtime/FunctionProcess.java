package dev.connector.lambda.runtime;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A function in its own JVM under AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}), talking to a {@link LocalLambda}.
 * Only one runs at a time: the client unpacks its JNI library to a fixed path in /tmp.
 */
public final class FunctionProcess implements AutoCloseable {

    private static final Object ONE_AT_A_TIME = new Object();

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private FunctionProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                    System.out.println("[function] " + line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "function-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code handler} ("pkg.Class::method") with a Lambda environment plus {@code env}. */
    public static FunctionProcess start(LocalLambda lambda, String handler, Map<String, String> env, String... jvmOptions)
            throws Exception {
        synchronized (ONE_AT_A_TIME) {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.addAll(List.of(jvmOptions));
            command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
            command.add(handler);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> e = pb.environment();
            e.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CONNECTOR_") || k.startsWith("PG")
                    || k.equals("DATABASE_URL") || k.equals("JDBC_DATABASE_URL"));
            Map<String, String> lambdaEnv = new HashMap<>();
            lambdaEnv.put("AWS_LAMBDA_RUNTIME_API", lambda.address());
            lambdaEnv.put("AWS_LAMBDA_FUNCTION_NAME", "orders");
            lambdaEnv.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
            lambdaEnv.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            lambdaEnv.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
            lambdaEnv.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/orders");
            lambdaEnv.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
            lambdaEnv.put("AWS_REGION", "us-east-1");
            lambdaEnv.put("_HANDLER", handler);
            lambdaEnv.putAll(env);
            e.putAll(lambdaEnv);
            return new FunctionProcess(pb.start());
        }
    }

    public String output() {
        return output.toString();
    }

    /**
     * The output once it contains {@code text}, or as it is after {@code limit}: the function's lines arrive
     * through a pipe and a reader thread, later than the answer that caused them.
     */
    public String awaitOutput(String text, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!output.toString().contains(text) && System.nanoTime() - end < 0) {
            Thread.sleep(20);
        }
        return output.toString();
    }

    /** SIGTERM, as Lambda sends it at shutdown; waits for the JVM to exit. */
    public boolean terminate() throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5000); // the last lines, written by shutdown hooks
        return exited;
    }

    public boolean exitedWithin(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
