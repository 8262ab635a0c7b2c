package dev.connector.lambda.testcrac;

/** A stand-in for jdk.crac, plugged into org.crac with -Dorg.crac.Core.Compat=dev.connector.lambda.testcrac. */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
