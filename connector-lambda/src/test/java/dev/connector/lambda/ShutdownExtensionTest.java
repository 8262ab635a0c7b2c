package dev.connector.lambda;

import dev.connector.lambda.internal.ShutdownExtension;
import dev.connector.lambda.runtime.LocalLambda;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The internal extension's registration against a Runtime API stand-in that answers late. */
class ShutdownExtensionTest {

    @Test
    void anAnswerLaterThanInitWaitsStillLeadsTheExtensionIntoEventNext() throws Exception {
        // Given a Lambda that accepts the registration at once and answers 3 s later
        try (LocalLambda lambda = new LocalLambda(Duration.ofSeconds(3), 200)) {
            // When init waits only 200 ms for the answer
            long start = System.nanoTime();
            CompletableFuture<String> id = ShutdownExtension.register(lambda.address(), Duration.ofMillis(200));
            // Then init went on without the answer
            assertThat(id).as("answered during the init wait").isNotDone();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            // and the extension still takes the late answer and waits in event/next, so Init can complete
            assertThat(id.get(30, TimeUnit.SECONDS)).isNotBlank();
            assertThat(waitUntilWaiting(lambda, 1, Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void initWaitsForALateAnswerWithinItsLimit() throws Exception {
        try (LocalLambda lambda = new LocalLambda(Duration.ofMillis(1500), 200)) {
            CompletableFuture<String> id = ShutdownExtension.register(lambda.address(), Duration.ofSeconds(30));
            assertThat(id).as("answered while init waited").isDone();
            assertThat(id.get()).isNotBlank();
            assertThat(waitUntilWaiting(lambda, 1, Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void aRefusedRegistrationEndsWithNullAndNoWaitingExtension() throws Exception {
        try (LocalLambda lambda = new LocalLambda(Duration.ZERO, 403)) {
            CompletableFuture<String> id = ShutdownExtension.register(lambda.address(), Duration.ofSeconds(30));
            assertThat(id.get(30, TimeUnit.SECONDS)).isNull();
            assertThat(lambda.registeredExtensions()).isEmpty();
            assertThat(lambda.extensionsWaiting()).isZero();
        }
    }

    private static boolean waitUntilWaiting(LocalLambda lambda, int n, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - end < 0) {
            if (lambda.extensionsWaiting() >= n) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
