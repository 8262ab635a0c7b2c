package dev.connector.migrations.internal;

import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.change.CheckSum;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Reads Liquibase's history read-only. Liquibase's own status command would create its tables and take its
 * lock (writes, refused during a guarded start), so the changelog is parsed and the checksums computed with
 * Liquibase's API, and DATABASECHANGELOG and DATABASECHANGELOGLOCK are read with SELECTs.
 */
public final class LiquibaseHistory {

    private LiquibaseHistory() {
    }

    private record Row(String id, String author, String file, String checksum, int order) {
        String key() {
            return file + "::" + id + "::" + author;
        }
    }

    public static History read(DataSource dataSource, String changelog, Path directory, String schema) throws Exception {
        ResourceAccessor accessor = directory != null ? new DirectoryResourceAccessor(directory)
                : new ClassLoaderResourceAccessor(Thread.currentThread().getContextClassLoader());
        AtomicReference<DatabaseChangeLog> parsed = new AtomicReference<>();
        Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), accessor), () -> parsed.set(
                ChangeLogParserFactory.getInstance().getParser(changelog, accessor)
                        .parse(changelog, new ChangeLogParameters(), accessor)));
        List<ChangeSet> shipped = parsed.get().getChangeSets();

        History h = new History("liquibase");
        h.shipped = shipped.size();
        String prefix = schema == null ? "" : "\"" + schema.replace("\"", "\"\"") + "\".";
        Map<String, Row> applied = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            if (exists(c, prefix + "databasechangelog")) {
                try (PreparedStatement s = c.prepareStatement("SELECT id, author, filename, md5sum, orderexecuted FROM "
                        + prefix + "databasechangelog ORDER BY orderexecuted"); ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Row r = new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5));
                        rows.add(r);
                        applied.put(r.key(), r);
                    }
                }
            }
            if (exists(c, prefix + "databasechangeloglock")) {
                try (PreparedStatement s = c.prepareStatement("SELECT lockedby, lockgranted FROM " + prefix
                        + "databasechangeloglock WHERE locked"); ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        h.failed.add("the changelog lock is held by " + rs.getString(1) + " since " + rs.getString(2)
                                + " (a run in progress, or one that died: liquibase release-locks)");
                    }
                }
            }
        }
        int lastKnown = -1;
        for (ChangeSet cs : shipped) {
            String file = cs.getStoredFilePath() != null ? cs.getStoredFilePath() : cs.getFilePath();
            String key = file + "::" + cs.getId() + "::" + cs.getAuthor();
            Row row = applied.remove(key);
            if (row == null) {
                h.pending.add(key);
                continue;
            }
            lastKnown = Math.max(lastKnown, row.order());
            if (row.checksum() != null && !cs.isAlwaysRun()) {
                CheckSum stored = CheckSum.parse(row.checksum());
                CheckSum now = cs.generateCheckSum(ChecksumVersion.enumFromChecksumVersion(stored.getVersion()));
                if (!now.equals(stored) && !cs.isCheckSumValid(stored)) {
                    if (cs.shouldRunOnChange()) {
                        h.pending.add(key + " (runOnChange, changed)");
                    } else {
                        h.drifted.add(key + " changed after it was applied (checksum " + stored + " applied, " + now + " shipped)");
                    }
                }
            }
        }
        for (Row r : rows) {
            if (applied.containsKey(r.key())) {
                if (r.order() > lastKnown) {
                    h.ahead.add(r.key());
                } else {
                    h.drifted.add(r.key() + " applied but not shipped by this application");
                }
            }
        }
        if (!rows.isEmpty()) {
            h.applied = rows.get(rows.size() - 1).key();
        }
        return h;
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
