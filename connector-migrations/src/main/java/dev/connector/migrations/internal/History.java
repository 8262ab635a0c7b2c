package dev.connector.migrations.internal;

import java.util.ArrayList;
import java.util.List;

/** What a tool's history reader found, before it becomes a SchemaStatus. */
public final class History {
    public final String tool;
    public String applied;
    public int shipped;
    public final List<String> pending = new ArrayList<>();
    public final List<String> failed = new ArrayList<>();
    public final List<String> drifted = new ArrayList<>();
    public final List<String> ahead = new ArrayList<>();

    public History(String tool) {
        this.tool = tool;
    }
}
