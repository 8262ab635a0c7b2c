package dev.connector.internal.diagnose;

import dev.connector.FailureKind;

import java.util.Locale;

/**
 * The runbook: for each kind of failure, its likely cause and the next step, written once. The messages of
 * {@code ConnectionFailedException}, its {@code likelyCause()} and {@code nextStep()}, and the doctor's fixes
 * all come from here.
 */
public final class Runbook {

    private Runbook() {
    }

    /** What most likely went wrong, for this kind of failure against this target. */
    public static String cause(FailureKind kind, FailureReport.Target target, String driverSaid) {
        String hostPort = target.host() + ":" + target.port();
        switch (kind) {
            case DNS_FAILURE:
                return "the name " + target.host() + " is wrong, or not known to this environment's DNS "
                        + "(a private name may resolve only inside its own network or VPC).";
            case CONNECTION_REFUSED:
                return "nothing listens on " + hostPort + ": PostgreSQL is down or restarting, listens on another "
                        + "port, or listen_addresses does not include the interface this host reaches.";
            case CONNECT_TIMEOUT:
                return "no answer from " + hostPort + " within the connect timeout ("
                        + FailureReport.seconds(target.connectTimeout()) + "): a firewall, security group or route drops the packets, "
                        + "or the server is too overloaded to answer.";
            case SSL_NOT_SUPPORTED:
                return "sslmode is " + target.sslMode() + " but the server at " + hostPort + " has SSL turned off.";
            case CERTIFICATE_REJECTED:
                return "under sslmode " + target.sslMode() + " the server's certificate was not trusted: it is signed "
                        + "by a CA this client does not know, or it does not name " + target.host() + ".";
            case NO_PG_HBA_ENTRY:
                return onlyOverSsl(driverSaid)
                        ? "pg_hba.conf on the server allows this user only over SSL (hostssl), and this connection "
                                + "did not use SSL."
                        : "pg_hba.conf on the server has no rule that lets user \"" + target.user() + "\" reach database \""
                                + target.database() + "\" from this address, or a rule rejects it.";
            case AUTHENTICATION_FAILED:
                return "the password for user \"" + target.user() + "\" was rejected: it is wrong, was rotated on one "
                        + "side only, or lost characters to quoting in an env file.";
            case ROLE_DOES_NOT_EXIST:
                return "there is no role \"" + target.user() + "\" on this server.";
            case DATABASE_DOES_NOT_EXIST:
                return "there is no database \"" + target.database() + "\" on this server.";
            case TOO_MANY_CONNECTIONS:
                return tooManyScope(driverSaid);
            case SERVER_STARTING_UP:
                return "the server is starting, recovering, or is a standby that does not accept connections yet.";
            case SERVER_SHUTTING_DOWN:
                return "the server is shutting down or restarting (a deploy, a failover, or an administrator).";
            case READ_ONLY_SERVER:
                return "this session is read-only: it is connected to a replica, or default_transaction_read_only is on.";
            case POOL_EXHAUSTED:
                return "every connection of the pool stayed borrowed: connections are leaked (not closed), held "
                        + "across slow work, or the pool is too small for the load.";
            case CONNECTION_LOST:
                return "the server, or something between (a proxy, a load balancer, a NAT gateway), closed or reset "
                        + "the connection: a restart or failover, a backend ended by an administrator, or an idle cut-off.";
            case MISSING_PASSWORD:
                return "the server asks user \"" + target.user() + "\" for a password (pg_hba.conf says scram-sha-256 "
                        + "or md5) and this process has none: connector.password, PGPASSWORD and the password part of "
                        + "DATABASE_URL are all unset.";
            case STATEMENT_FAILED:
                return "the statement or its data: the server's message below says what it refused. The connection "
                        + "itself is fine.";
            case DEADLINE_EXCEEDED:
                return "the work this connection was for (a function invocation) ran out of time before the "
                        + "database answered.";
            case POOLER_UNSUPPORTED_PARAMETER:
                return "a connection pooler (PgBouncer or RDS Proxy) at " + hostPort + " refused the startup "
                        + "parameter '" + refusedParameter(driverSaid) + "'" + (isOptions(driverSaid)
                        ? ": the connector puts the session timeouts there when it believes it talks to PostgreSQL "
                                + "itself (connector.pooler=none)." : ", which it does not track.");
            case POOLER_CLIENT_LIMIT:
                return "PgBouncer at " + hostPort + " has as many client connections as its max_client_conn "
                        + "allows: too many instances or leaked connections share it.";
            case POOLER_WAIT_TIMEOUT:
                return "PgBouncer at " + hostPort + " queued this client for a server connection longer than its "
                        + "query_wait_timeout: every server connection of the pool (default_pool_size) stayed busy, "
                        + "or the server behind it is down or refusing PgBouncer's logins.";
            case POOLER_SERVER_UNAVAILABLE:
                return "PgBouncer at " + hostPort + " is up, but its own connections to the PostgreSQL server behind "
                        + "it fail: the server is down, or refuses PgBouncer's login (for a while it then refuses "
                        + "clients at once, for server_login_retry).";
            default:
                return "not one this library recognises; the driver's message below has the details.";
        }
    }

    /** What to check or do next. */
    public static String next(FailureKind kind, FailureReport.Target target, String driverSaid) {
        String hostPort = target.host() + " " + target.port();
        switch (kind) {
            case DNS_FAILURE:
                return "check the host name; `getent hosts " + target.host() + "` from this host; a private name may "
                        + "resolve only inside its own network or VPC.";
            case CONNECTION_REFUSED:
                return "`pg_isready -h " + hostPort.replace(" ", " -p ") + "` from this host; on the server, is PostgreSQL "
                        + "running (`systemctl status postgresql`) and does `ss -ltn` show it on port " + target.port() + "?";
            case CONNECT_TIMEOUT:
                return "`nc -vz " + hostPort + "` from this host; check security groups, firewall rules and routes "
                        + "between this host and the server.";
            case SSL_NOT_SUPPORTED:
                return "turn ssl on at the server, or, only on a network you trust, set sslMode=disable.";
            case CERTIFICATE_REJECTED:
                return "give the provider's CA certificate with connector.driver.sslrootcert=/path/to/ca.pem, and check "
                        + "that the host name you connect to is the one in the certificate.";
            case NO_PG_HBA_ENTRY:
                return onlyOverSsl(driverSaid)
                        ? "connect with sslMode=require (or verify-full)."
                        : "add a pg_hba.conf rule for this user, database and source address (or the provider's "
                                + "allow-list entry), then reload the server.";
            case AUTHENTICATION_FAILED:
                return "log in by hand with the same settings (`psql \"host=" + target.host() + " port=" + target.port()
                        + " dbname=" + target.database() + " user=" + target.user() + " sslmode=" + target.sslMode()
                        + "\"`, password from PGPASSWORD) and compare the secret this process reads with the one the "
                        + "server has.";
            case ROLE_DOES_NOT_EXIST:
                return "check the user name (connector.user, PGUSER or the URL); roles are per server, so check you "
                        + "reach the server you mean.";
            case DATABASE_DOES_NOT_EXIST:
                return "check the database name (connector.database, PGDATABASE or the URL), or create it before "
                        + "deploying.";
            case TOO_MANY_CONNECTIONS:
                return "count sessions per application: `SELECT application_name, state, count(*) FROM "
                        + "pg_stat_activity GROUP BY 1, 2`; lower pool sizes or instances, or put PgBouncer or RDS Proxy "
                        + "in front.";
            case SERVER_STARTING_UP:
                return "retry shortly; if it lasts, read the server log (recovery progress, hot_standby).";
            case SERVER_SHUTTING_DOWN:
                return "retry after it is back; look for a deploy, failover or maintenance at this time.";
            case READ_ONLY_SERVER:
                return "run `SELECT pg_is_in_recovery()` on this connection; point writes at the primary "
                        + "(connector.driver.targetServerType=primary with all hosts listed, or the writer endpoint).";
            case POOL_EXHAUSTED:
                return "set connector.leakDetectionThreshold=60s to have a connection held that long reported with where "
                        + "it was borrowed, close every connection in finally or try-with-resources, and size the "
                        + "pool with the benchmarks' sizing suite.";
            case CONNECTION_LOST:
                return "retry shortly (new connections are retried within connector.retryDeadline); if it lasts, read "
                        + "the server log for this time and check the idle timeouts of proxies and load balancers.";
            case MISSING_PASSWORD:
                return "give the password to this process: PGPASSWORD, connector.password, or in DATABASE_URL; check that "
                        + "the secret is mounted and the variable's name is spelled right.";
            case STATEMENT_FAILED:
                return "fix the statement or the data it meets; if a transaction was open, roll it back before going on.";
            case DEADLINE_EXCEEDED:
                return "find what was slow (pg_stat_activity, the server log, lock waits) or give the function a "
                        + "longer timeout.";
            case POOLER_UNSUPPORTED_PARAMETER:
                return isOptions(driverSaid)
                        ? "set connector.pooler to the pooler's mode: pgbouncer-transaction or pgbouncer-session "
                                + "(PgBouncer's pool_mode), or rds-proxy; the connector then sends no options and "
                                + "applies the timeouts as that mode allows (README: Behind a pooler). Retrying "
                                + "cannot help."
                        : "add '" + refusedParameter(driverSaid) + "' to ignore_startup_parameters in pgbouncer.ini "
                                + "(pgjdbc always sends extra_float_digits), or drop the driver property that sends it.";
            case POOLER_CLIENT_LIMIT:
                return "on PgBouncer's admin console (`psql -p " + target.port() + " pgbouncer -c 'SHOW CLIENTS'`) count "
                        + "clients per application; close every connection, lower pool sizes, or raise max_client_conn.";
            case POOLER_WAIT_TIMEOUT:
                return "`SHOW POOLS` on PgBouncer's admin console (cl_waiting, sv_active); keep transactions short, "
                        + "raise default_pool_size within the server's max_connections, and check PgBouncer's log for "
                        + "'connect failed' (the server behind it down).";
            case POOLER_SERVER_UNAVAILABLE:
                return "`SHOW SERVERS` and PgBouncer's log ('connect failed', 'server login failed'); check that the "
                        + "server in pgbouncer.ini's [databases] is up and that the role's password or SCRAM secret in "
                        + "PgBouncer's auth_file matches the server's.";
            default:
                return "run the connector doctor with this process's environment; it walks DNS, TCP, TLS, login "
                        + "and capacity one step at a time.";
        }
    }

    private static String refusedParameter(String driverSaid) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("unsupported startup parameter: ([A-Za-z_]+)")
                .matcher(driverSaid);
        return m.find() ? m.group(1) : "options";
    }

    /** PgBouncer refused options, or RDS Proxy refused its command-line options. */
    private static boolean isOptions(String driverSaid) {
        return refusedParameter(driverSaid).equals("options");
    }

    /** "no pg_hba.conf entry ..., no encryption": no rule matched a plaintext connection (a "reject" rule differs). */
    private static boolean onlyOverSsl(String driverSaid) {
        String text = driverSaid.toLowerCase(Locale.ROOT);
        return text.contains("no pg_hba.conf entry") && text.contains("no encryption");
    }

    private static String tooManyScope(String driverSaid) {
        String text = driverSaid.toLowerCase(Locale.ROOT);
        if (text.contains("too many connections for role")) {
            return "the role's CONNECTION LIMIT is reached: other sessions of this user hold every slot it may use.";
        }
        if (text.contains("too many connections for database")) {
            return "the database's CONNECTION LIMIT is reached.";
        }
        return "the server's max_connections is reached (the last slots are reserved for superusers): too many "
                + "pools, instances or leaked sessions share this server.";
    }
}
