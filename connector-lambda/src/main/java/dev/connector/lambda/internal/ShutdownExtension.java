package dev.connector.lambda.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A minimal internal Lambda extension. Lambda sends SIGTERM to the runtime, so that JVM shutdown hooks run
 * (and the connector closes every connection), only when at least one extension is registered. This one
 * registers through the Extensions API during init (registration closes when the runtime first asks for an
 * invocation), subscribes to no event (an internal extension may not subscribe to SHUTDOWN) and waits in
 * {@code event/next} on a daemon thread, as Lambda requires of every registered extension.
 *
 * <p>Init cannot be stranded: once the registration request is sent, Lambda may have accepted it, and then
 * it holds back every invocation until this extension waits in {@code event/next}. So the daemon thread
 * that sends it waits for the answer as long as the process lives (no read timeout) and, on acceptance,
 * always goes on to {@code event/next}, however late the answer comes. Init itself waits for the answer at
 * most {@link #INIT_WAIT} (Lambda's own limit for an on-demand init), so that the request reaches Lambda
 * before the runtime's first {@code /next} closes registration.
 */
public final class ShutdownExtension {

    public static final String NAME = "connector-graceful-shutdown";
    /** How long init waits for the registration's answer: Lambda's limit for an on-demand init phase. */
    public static final Duration INIT_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ShutdownExtension.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private ShutdownExtension() {
    }

    /** Registers, waiting for the answer at most {@link #INIT_WAIT}; see {@link #register(String, Duration)}. */
    public static CompletableFuture<String> register(String runtimeApi) {
        return register(runtimeApi, INIT_WAIT);
    }

    /**
     * Registers from a daemon thread that, once accepted, waits in {@code event/next}; the calling thread
     * waits for the answer at most {@code initWait}. The result completes with the extension's identifier,
     * or with null when Lambda refused the registration or could not be reached (a WARN, nothing else).
     */
    public static CompletableFuture<String> register(String runtimeApi, Duration initWait) {
        String base = "http://" + runtimeApi + "/2020-01-01/extension/";
        CompletableFuture<String> registered = new CompletableFuture<>();
        Thread extension = new Thread(() -> run(base, registered), "connector-lambda-extension");
        extension.setDaemon(true);
        extension.start();
        try {
            registered.get(initWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("connector: Lambda has not answered the {} extension's registration within {} ms; init goes "
                    + "on, and the extension keeps waiting for the answer and, if it is accepted, waits in event/next",
                    NAME, initWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // never completed exceptionally
        }
        return registered;
    }

    private static void run(String base, CompletableFuture<String> registered) {
        String id;
        try {
            id = post(base + "register");
        } catch (IOException | RuntimeException e) {
            log.warn("connector: registering the {} extension failed ({}); SIGTERM will not reach this runtime, so "
                    + "connections are not closed at shutdown", NAME, e.toString());
            id = null;
        }
        registered.complete(id);
        if (id == null) {
            return;
        }
        log.info("connector: registered the {} extension, so Lambda sends SIGTERM at shutdown", NAME);
        waitForEvents(base + "event/next", id);
    }

    /** The identifier Lambda gave, or null with a WARN when it refused. */
    private static String post(String url) throws IOException {
        HttpURLConnection post = (HttpURLConnection) new URL(url).openConnection();
        post.setRequestMethod("POST");
        post.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        post.setReadTimeout(0); // once sent, it may be accepted: wait for the answer, however late
        post.setDoOutput(true);
        post.setRequestProperty("Lambda-Extension-Name", NAME);
        post.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = post.getOutputStream()) {
            out.write("{\"events\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        int status = post.getResponseCode();
        String id = post.getHeaderField("Lambda-Extension-Identifier"); // header names are case-insensitive here
        drain(status < 400 ? post.getInputStream() : post.getErrorStream());
        if (status != 200 || id == null) {
            log.warn("connector: registering the {} extension failed (HTTP {}); SIGTERM will not reach this "
                    + "runtime, so connections are not closed at shutdown", NAME, status);
            return null;
        }
        return id;
    }

    private static void waitForEvents(String url, String id) {
        while (true) {
            try {
                HttpURLConnection get = (HttpURLConnection) new URL(url).openConnection();
                get.setRequestProperty("Lambda-Extension-Identifier", id);
                get.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
                get.setReadTimeout(0); // event/next blocks until there is an event
                int status = get.getResponseCode();
                drain(status < 400 ? get.getInputStream() : get.getErrorStream());
                if (status != 200) {
                    log.debug("connector: extension event/next answered HTTP {}; stopping", status);
                    return;
                }
            } catch (IOException e) {
                log.debug("connector: extension event/next failed; stopping", e);
                return;
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        if (in != null) {
            try (in) {
                in.readAllBytes();
            }
        }
    }
}
