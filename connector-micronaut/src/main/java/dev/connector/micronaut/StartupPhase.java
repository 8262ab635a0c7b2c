package dev.connector.micronaut;

import dev.connector.ConnectorDataSource;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.reflect.ClassUtils;
import jakarta.inject.Singleton;

/**
 * Ends the schema guard's start-up phase when the application has started. With connector-lambda present,
 * a serverless application's phase ends at the first invocation instead ({@code LambdaConnector.begin}).
 */
@Singleton
public class StartupPhase implements ApplicationEventListener<StartupEvent> {

    private final ConnectorDataSourceFactory factory;

    public StartupPhase(ConnectorDataSourceFactory factory) {
        this.factory = factory;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        boolean lambdaEndsIt = ClassUtils.isPresent("dev.connector.lambda.LambdaConnector", getClass().getClassLoader());
        for (ConnectorDataSource dataSource : factory.dataSources().values()) {
            if (!(lambdaEndsIt && dataSource.runtime().isServerless())) {
                dataSource.markReady();
            }
        }
    }
}
