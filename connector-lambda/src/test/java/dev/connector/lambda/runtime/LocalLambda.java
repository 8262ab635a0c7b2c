package dev.connector.lambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local implementation of the Lambda Runtime API and Extensions API, enough for AWS's runtime interface
 * client: invocations are queued with a deadline, answered through /response or /error, init failures come
 * through /init/error. Extensions register during init only (403 Extension.RegistrationClosed afterwards),
 * and no invocation is delivered until every registered extension waits in event/next; when one does not
 * within Lambda's init limit (10 s), the invocation fails as on Lambda ("Init did not complete"). The answer
 * to a registration can be delayed after Lambda accepted it, as a loaded Lambda does.
 */
public final class LocalLambda implements AutoCloseable {

    /**
     * What the function answered for an invocation, and how long it took from the moment the runtime received
     * the invocation (its deadline counts from then too, as on Lambda) to the answer.
     */
    public record Result(boolean error, String body, Duration elapsed) {
    }

    private record Pending(String id, String event, long timeoutMillis) {
    }

    /** Lambda's limit for an on-demand init: after it, the stand-in reports Init as failed, as RAPID does. */
    private static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    private final Duration registrationAnswerDelay;
    private final int registrationStatus;
    private final Map<String, Long> deliveredNanos = new ConcurrentHashMap<>();

    private final HttpServer server;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Result>> results = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final List<String> registeredExtensions = new CopyOnWriteArrayList<>();
    private final AtomicInteger extensionsWaiting = new AtomicInteger();
    private final AtomicBoolean registrationClosed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch atCheckpoint = new CountDownLatch(1);
    private final CountDownLatch restored = new CountDownLatch(1);

    public LocalLambda() throws IOException {
        this(Duration.ZERO, 200);
    }

    /**
     * A stand-in that accepts (status 200) or refuses (any other status) an extension's registration at once,
     * and sends its answer only {@code registrationAnswerDelay} later, as a loaded Lambda may.
     */
    public LocalLambda(Duration registrationAnswerDelay, int registrationStatus) throws IOException {
        this.registrationAnswerDelay = registrationAnswerDelay;
        this.registrationStatus = registrationStatus;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-lambda");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/2018-06-01/runtime/", this::runtime);
        server.createContext("/2020-01-01/extension/", this::extension);
        server.start();
    }

    /** The value for AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation with this much time before its deadline; the future completes with the answer. */
    public CompletableFuture<Result> invoke(String event, long timeoutMillis) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Result> result = new CompletableFuture<>();
        results.put(id, result);
        queue.add(new Pending(id, event, timeoutMillis));
        return result;
    }

    public Result invokeAndWait(String event, long timeoutMillis) throws Exception {
        return invoke(event, timeoutMillis).get(timeoutMillis + 30_000, TimeUnit.MILLISECONDS);
    }

    public CompletableFuture<String> initError() {
        return initError;
    }

    /** Waits until a SnapStart runtime has reached its checkpoint (it asks for restore/next). */
    public boolean awaitCheckpoint(long millis) throws InterruptedException {
        return atCheckpoint.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Restores the snapshot: the runtime's restore/next returns and it runs its afterRestore hooks. */
    public void restore() {
        restored.countDown();
    }

    public List<String> registeredExtensions() {
        return registeredExtensions;
    }

    /** How many registered extensions wait in event/next now. */
    public int extensionsWaiting() {
        return extensionsWaiting.get();
    }

    private void runtime(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (path.equals("/2018-06-01/runtime/invocation/next")) {
            registrationClosed.set(true);
            try {
                long initEnds = System.nanoTime() + INIT_LIMIT.toNanos();
                while (extensionsWaiting.get() < registeredExtensions.size()) {
                    // an invocation waits for every registered extension to be in event/next; RAPID gives up at
                    // the init limit and fails the invocation
                    if (System.nanoTime() - initEnds > 0) {
                        Pending p = queue.poll(1, TimeUnit.DAYS);
                        results.get(p.id()).complete(new Result(true, "Init did not complete: extensions not waiting "
                                + "in /event/next=" + registeredExtensions, Duration.ZERO));
                        initEnds = System.nanoTime() + INIT_LIMIT.toNanos();
                    }
                    Thread.sleep(5);
                }
                Pending p = queue.poll(1, TimeUnit.DAYS);
                long delivered = System.nanoTime();
                deliveredNanos.put(p.id(), delivered);
                x.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", p.id());
                x.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(System.currentTimeMillis() + p.timeoutMillis()));
                x.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:orders");
                x.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                // the runtime client's native code expects every header a real Runtime API sends
                x.getResponseHeaders().add("Lambda-Runtime-Client-Context", "{\"client\":{},\"custom\":{},\"env\":{}}");
                x.getResponseHeaders().add("Lambda-Runtime-Cognito-Identity", "{\"cognitoIdentityId\":\"\",\"cognitoIdentityPoolId\":\"\"}");
                x.getResponseHeaders().add("Lambda-Runtime-Aws-Tenant-Id", "none");
                x.getResponseHeaders().add("Content-Type", "application/json");
                send(x, 200, p.event());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (path.equals("/2018-06-01/runtime/restore/next")) {
            // SnapStart: the runtime has run its beforeCheckpoint hooks; the snapshot would be taken now
            atCheckpoint.countDown();
            try {
                restored.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(x, 200, "");
            return;
        }
        if (path.equals("/2018-06-01/runtime/init/error") || path.equals("/2018-06-01/runtime/restore/error")) {
            initError.complete(body);
            send(x, 202, "{}");
            return;
        }
        String[] parts = path.split("/"); // "", 2018-06-01, runtime, invocation, {id}, response|error
        if (parts.length == 6 && parts[3].equals("invocation")) {
            CompletableFuture<Result> result = results.get(parts[4]);
            Long delivered = deliveredNanos.get(parts[4]);
            if (result != null && delivered != null) {
                result.complete(new Result(parts[5].equals("error"), body, Duration.ofNanos(System.nanoTime() - delivered)));
            }
            send(x, 202, "{}");
            return;
        }
        send(x, 404, "{}");
    }

    private void extension(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        x.getRequestBody().readAllBytes();
        if (path.endsWith("/register") && x.getRequestMethod().equals("POST")) {
            if (registrationClosed.get()) {
                send(x, 403, "{\"errorType\":\"Extension.RegistrationClosed\"}");
                return;
            }
            if (registrationStatus != 200) {
                sleep(registrationAnswerDelay);
                send(x, registrationStatus, "{\"errorType\":\"Extension.Refused\"}");
                return;
            }
            registeredExtensions.add(x.getRequestHeaders().getFirst("Lambda-Extension-Name")); // accepted now
            sleep(registrationAnswerDelay);
            x.getResponseHeaders().add("lambda-extension-identifier", UUID.randomUUID().toString());
            send(x, 200, "{\"functionName\":\"orders\",\"functionVersion\":\"$LATEST\",\"handler\":\"handler\"}");
            return;
        }
        if (path.endsWith("/event/next")) {
            extensionsWaiting.incrementAndGet();
            try {
                stopped.await(); // no event for an extension subscribed to none
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        send(x, 404, "{}");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        restored.countDown();
        server.stop(0);
    }
}
