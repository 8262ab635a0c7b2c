package dev.connector.lambda.testcrac;

import java.util.ArrayList;
import java.util.List;

/**
 * What a CRaC JVM does at a checkpoint, without the snapshot: every registered resource is told
 * beforeCheckpoint (last registered first), then afterRestore (first registered first).
 */
public final class Core {

    private static final List<Resource> RESOURCES = new ArrayList<>();

    private static final Context<Resource> GLOBAL = new Context<>() {
        @Override
        public synchronized void register(Resource resource) {
            RESOURCES.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
        }
    };

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        List<Resource> resources;
        synchronized (GLOBAL) {
            resources = new ArrayList<>(RESOURCES);
        }
        try {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).beforeCheckpoint(GLOBAL);
            }
        } catch (Exception e) {
            throw new CheckpointException();
        }
        try {
            for (Resource r : resources) {
                r.afterRestore(GLOBAL);
            }
        } catch (Exception e) {
            throw new RestoreException();
        }
    }
}
