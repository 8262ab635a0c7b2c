package dev.connector;

/**
 * Gives the credentials of each new physical connection, for passwords that rotate and tokens that expire
 * (RDS IAM, Secrets Manager). Set it with {@link ConnectorDataSource.Builder#credentials(CredentialsSupplier)};
 * a static password needs none.
 *
 * <p>The connector asks it for the first connection, keeps the answer until shortly before its
 * {@link Credentials#expiresAt() expiry} (forever when it has none), and asks once more when the server refuses
 * them (SQLState {@code 28P01}, invalid password) before it fails the connect, so a rotation never fails a borrow
 * that a second read would have saved. Calls are serialised: one at a time, on the thread that is connecting;
 * connections that are open already keep working with the credentials they logged in with.
 */
@FunctionalInterface
public interface CredentialsSupplier {

    /**
     * The credentials to log in with now.
     *
     * @throws Exception when they cannot be had; the connect fails with SQLState {@code 28000}, the exception as
     *                   its cause (keep secrets out of its message)
     */
    Credentials get() throws Exception;
}
