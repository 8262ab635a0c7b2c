package dev.connector.benchmarks.support;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda Context with a fixed 15 minutes left: the connector reads only the remaining time and the request id. */
public final class FixedContext implements Context {

    /** The deadline LambdaConnector sets from this context: 15 minutes minus its default 500 ms margin. */
    public static final java.time.Duration DEADLINE = java.time.Duration.ofMillis(900_000 - 500);

    @Override public String getAwsRequestId() { return "bench"; }
    @Override public String getLogGroupName() { return "bench"; }
    @Override public String getLogStreamName() { return "bench"; }
    @Override public String getFunctionName() { return "bench"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "bench"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 900_000; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return null; }
}
