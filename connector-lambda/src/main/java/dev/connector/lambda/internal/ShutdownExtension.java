package dev.connector.lambda.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A minimal internal Lambda extension. Lambda sends SIGTERM to the runtime, so that JVM shutdown hooks run
 * (and the connector closes every connection), only when at least one extension is registered. This one
 * registers through the Extensions API during init (registration closes when the runtime first asks for an
 * invocation), subscribes to no event (an internal extension may not subscribe to SHUTDOWN) and waits in
 * {@code event/next} on a daemon thread, as Lambda requires of every registered extension.
 */
public final class ShutdownExtension {

    public static final String NAME = "connector-graceful-shutdown";

    private static final Logger log = LoggerFactory.getLogger(ShutdownExtension.class);
    private static final int TIMEOUT_MILLIS = 1000;

    private ShutdownExtension() {
    }

    /** Registers and starts waiting; returns the extension's identifier, or null (with a WARN) on failure. */
    public static String register(String runtimeApi) {
        String base = "http://" + runtimeApi + "/2020-01-01/extension/";
        try {
            HttpURLConnection post = (HttpURLConnection) new URL(base + "register").openConnection();
            post.setRequestMethod("POST");
            post.setConnectTimeout(TIMEOUT_MILLIS);
            post.setReadTimeout(TIMEOUT_MILLIS);
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
            Thread waiter = new Thread(() -> waitForEvents(base + "event/next", id), "connector-lambda-extension");
            waiter.setDaemon(true);
            waiter.start();
            log.info("connector: registered the {} extension, so Lambda sends SIGTERM at shutdown", NAME);
            return id;
        } catch (IOException | RuntimeException e) {
            log.warn("connector: registering the {} extension failed ({}); connections are not closed at shutdown",
                    NAME, e.toString());
            return null;
        }
    }

    private static void waitForEvents(String url, String id) {
        while (true) {
            try {
                HttpURLConnection get = (HttpURLConnection) new URL(url).openConnection();
                get.setRequestProperty("Lambda-Extension-Identifier", id);
                get.setConnectTimeout(TIMEOUT_MILLIS);
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
