package dev.connector.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.util.UUID;

/** The Lambda API's Context for in-process tests: a request id and a deadline. Pure plumbing, no database. */
final class TestContext implements Context {

    private final String requestId = UUID.randomUUID().toString();
    private final long deadline;

    TestContext(long remainingMillis) {
        this.deadline = System.currentTimeMillis() + remainingMillis;
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/orders"; }
    @Override public String getLogStreamName() { return "local"; }
    @Override public String getFunctionName() { return "orders"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:orders"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return (int) (deadline - System.currentTimeMillis()); }
    @Override public int getMemoryLimitInMB() { return 512; }
    @Override public LambdaLogger getLogger() { return null; }
}
