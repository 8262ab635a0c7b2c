package dev.connector.lambda.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * Makes the first connection after a cold start (or a SnapStart restore) fast without opening one: loads
 * and initialises pgjdbc's connection classes, and runs the crypto a SCRAM login and a TLS handshake need
 * (PBKDF2 with HMAC-SHA-256 over 4096 iterations, SHA-256, SecureRandom, the default SSLContext) until the
 * JIT has compiled it. In a fresh JVM the first login spends most of its 1-3 s in PBKDF2 on a cold JIT.
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
            SecretKeyFactory pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            byte[] key = null;
            for (int round = 0; round < 3; round++) { // later rounds run compiled code
                key = pbkdf2.generateSecret(new PBEKeySpec("priming".toCharArray(), salt, 4096, 256)).getEncoded();
            }
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            MessageDigest.getInstance("SHA-256").digest(hmac.doFinal("Client Key".getBytes(StandardCharsets.UTF_8)));
            SSLContext.getDefault();
        } catch (Exception e) {
            log.debug("connector: priming the crypto failed", e);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
