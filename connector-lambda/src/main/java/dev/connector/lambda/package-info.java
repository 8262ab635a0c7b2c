/**
 * AWS Lambda integration: {@link dev.connector.lambda.LambdaConnector} around a {@link dev.connector.ConnectorDataSource}, the invocation scope, shutdown on SIGTERM and SnapStart hooks.
 */
package dev.connector.lambda;
