package dev.connector;

/** How a {@link ConnectorDataSource} hands out connections. */
public enum PoolingStrategy {
    /**
     * Each {@code getConnection()} opens one physical connection and its {@code close()} closes it. No
     * background thread, nothing outlives the borrow: what a serverless environment that may be frozen or
     * discarded at any moment needs.
     */
    UNPOOLED,
    /** A HikariCP pool with a bounded maximum, sized from configuration or from the connection budget. */
    BOUNDED
}
