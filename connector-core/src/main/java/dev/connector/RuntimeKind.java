package dev.connector;

/** The runtimes the connector recognises from the environment, with the strategy each gets by default. */
public enum RuntimeKind {
    AWS_LAMBDA("AWS Lambda", true, PoolingStrategy.UNPOOLED),
    AWS_LAMBDA_SNAPSTART("AWS Lambda SnapStart", true, PoolingStrategy.UNPOOLED),
    AWS_LAMBDA_MANAGED_INSTANCES("AWS Lambda Managed Instances", true, PoolingStrategy.BOUNDED),
    GOOGLE_CLOUD_FUNCTIONS("Google Cloud Functions", true, PoolingStrategy.UNPOOLED),
    GOOGLE_CLOUD_RUN("Google Cloud Run", true, PoolingStrategy.BOUNDED),
    AZURE_FUNCTIONS("Azure Functions", true, PoolingStrategy.UNPOOLED),
    SERVER("server", false, PoolingStrategy.BOUNDED);

    private final String displayName;
    private final boolean serverless;
    private final PoolingStrategy defaultStrategy;

    RuntimeKind(String displayName, boolean serverless, PoolingStrategy defaultStrategy) {
        this.displayName = displayName;
        this.serverless = serverless;
        this.defaultStrategy = defaultStrategy;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isServerless() {
        return serverless;
    }

    public PoolingStrategy defaultStrategy() {
        return defaultStrategy;
    }
}
