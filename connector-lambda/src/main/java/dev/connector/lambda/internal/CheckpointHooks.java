package dev.connector.lambda.internal;

import dev.connector.ConnectorDataSource;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart (CRaC) hooks: before the checkpoint every physical connection is closed and new ones are held
 * back; after the restore they go through again, each freshly made. AWS does not guarantee the state of
 * connections made during init after a restore, so none is kept.
 */
public final class CheckpointHooks implements Resource {

    private final ConnectorDataSource dataSource;
    private final Runnable afterRestore;

    public CheckpointHooks(ConnectorDataSource dataSource, Runnable afterRestore) {
        this.dataSource = dataSource;
        this.afterRestore = afterRestore;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        dataSource.suspend();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        dataSource.resume();
        afterRestore.run();
    }
}
