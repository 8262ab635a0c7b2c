package dev.connector.lambda.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postgresql.shaded.com.ongres.scram.client.ScramClient;
import org.postgresql.shaded.com.ongres.scram.common.StringPreparation;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Makes the first connection after a cold start (or a SnapStart restore) faster without opening one: loads
 * and initialises pgjdbc's connection classes, runs the client side of a complete SCRAM-SHA-256 exchange
 * with the SCRAM library pgjdbc itself uses (SASLprep, PBKDF2 over 4096 iterations, the proofs) so that
 * its classes are loaded and its hot loops compiled, and initialises the default SSLContext (providers,
 * trust store). The SCRAM classes are pgjdbc's shaded copy, pinned with the driver's version.
 */
public final class Priming {

    private static final Logger log = LoggerFactory.getLogger(Priming.class);

    private static final String[] DRIVER_CLASSES = {
            "org.postgresql.Driver",
            "org.postgresql.jdbc.PgConnection",
            "org.postgresql.jdbc.PgStatement",
            "org.postgresql.jdbc.PgPreparedStatement",
            "org.postgresql.jdbc.PgResultSet",
            "org.postgresql.core.v3.ConnectionFactoryImpl",
            "org.postgresql.core.v3.QueryExecutorImpl",
            "org.postgresql.core.PGStream",
            "org.postgresql.core.v3.AuthenticationPluginManager",
            "org.postgresql.jre7.sasl.ScramAuthenticator",
            "org.postgresql.ssl.MakeSSL",
            "org.postgresql.util.PSQLException",
            "org.postgresql.util.ServerErrorMessage",
    };

    private Priming() {
    }

    /** The client's half of a login against a made-up server-first message: all the work, no network. */
    private static void scramExchange() throws Exception {
        ScramClient client = ScramClient.builder()
                .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*")
                .password("priming-password".toCharArray())
                .stringPreparation(StringPreparation.POSTGRESQL_PREPARATION)
                .build();
        String clientFirst = client.clientFirstMessage().toString();
        String clientNonce = clientFirst.substring(clientFirst.indexOf("r=") + 2);
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        client.serverFirstMessage("r=" + clientNonce + "PrimingServerNonce,s=" + Base64.getEncoder().encodeToString(salt)
                + ",i=4096");
        client.clientFinalMessage();
    }

    /** Returns how long priming took, in milliseconds. */
    public static long run() {
        long start = System.nanoTime();
        ClassLoader loader = Priming.class.getClassLoader();
        for (String name : DRIVER_CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                log.debug("connector: priming skipped {}", name);
            }
        }
        try {
            for (int round = 0; round < 2; round++) { // the second round runs compiled code
                scramExchange();
            }
            SSLContext.getDefault();
        } catch (Exception | LinkageError e) {
            log.debug("connector: priming the SCRAM and TLS code failed", e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
