package dev.connector.lambda.testcrac;

public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;
}
