package dev.connector.lambda;


import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A connection borrowed inside an invocation: its close is seen by the invocation, and an error caused by
 * the deadline (core bounds each statement by it) is reported as {@link InvocationDeadlineException}. Only used inside invocations, where a network round trip
 * dwarfs the cost of a reflective call.
 */
final class Tracked implements InvocationHandler {

    /** Within this of the deadline, a cancelled statement or a socket timeout is the deadline's doing. */
    private static final long NEAR_DEADLINE_MILLIS = 300;

    private final Object target;
    private final Connection physical;
    private final Invocation invocation;
    private final boolean pooled;
    private final Duration margin;
    private Object connectionProxy;

    private Tracked(Object target, Connection physical, Invocation invocation, boolean pooled, Duration margin) {
        this.target = target;
        this.physical = physical;
        this.invocation = invocation;
        this.pooled = pooled;
        this.margin = margin;
    }

    static Connection connection(Connection c, Invocation invocation, boolean pooled, Duration margin) {
        Tracked handler = new Tracked(c, c, invocation, pooled, margin);
        Connection proxy = (Connection) Proxy.newProxyInstance(Tracked.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        handler.connectionProxy = proxy;
        invocation.borrowed(new Invocation.Borrow(c, new Throwable("borrowed here")));
        return proxy;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(proxy) ? proxy : call(method, args);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(proxy) || (Boolean) call(method, args);
            case "getConnection":
                if (target instanceof Statement) {
                    return connectionProxy;
                }
                break;
            case "close":
                if (target == physical) {
                    invocation.returned(physical);
                }
                break;
            case "toString":
                return target.toString();
            default:
                break;
        }
        Object result = call(method, args);
        if (result instanceof Statement && target == physical) {
            return statement((Statement) result, method.getReturnType());
        }
        return result;
    }

    private Object statement(Statement statement, Class<?> type) {
        Tracked handler = new Tracked(statement, physical, invocation, pooled, margin);
        handler.connectionProxy = connectionProxy;
        return Proxy.newProxyInstance(Tracked.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw translated(e.getCause());
        }
    }

    private Throwable translated(Throwable failure) {
        if (!(failure instanceof SQLException)) {
            return failure;
        }
        long left = invocation.deadline().remainingMillis();
        String state = ((SQLException) failure).getSQLState();
        boolean cut = "57014".equals(state) || (state != null && state.startsWith("08"));
        if (!cut || left > NEAR_DEADLINE_MILLIS) {
            return failure;
        }
        return new InvocationDeadlineException("The invocation's deadline cut this database work short: the function "
                + "had " + invocation.remainingAtStartMillis() + " ms left when invocation " + invocation.requestId()
                + " began, and the connector ends database work " + margin.toMillis() + " ms before Lambda would end "
                + "the environment, to report the error. "
                + ("57014".equals(state) ? "The statement was cancelled (or never sent), so nothing is left running on the server. "
                        : "The socket timed out; the connection is closed. ")
                + "Next: find what was slow (pg_stat_activity, lock waits, the server log), or give the function a "
                + "longer timeout.", failure);
    }
}
