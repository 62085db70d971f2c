package edu.attendance.platform.clickhouse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Versioned ClickHouse DDL: {@code classpath:clickhouse/V<n>__<name>.sql}, applied in order once each,
 * recorded in {@code schema_migrations}. Statements are separated by a line holding only {@code ;}
 * or a {@code ;} at a line's end. Every statement is idempotent ({@code IF NOT EXISTS}), so two
 * services migrating at once is harmless. The {@code ${db}} placeholder names the database.
 * <p>
 * On a cluster ({@link ClickHouse#clustered()}) the scripts are those of {@code <location>-cluster}, the same versions
 * written for replicated local tables and Distributed tables over them, each statement {@code ON CLUSTER '${cluster}'}
 * (the placeholder is filled in); the database and the migrations' record are created on every server, the record
 * replicated across the whole cluster (one path, no shard), so any server the URL reaches knows what was applied.
 */
public final class ClickHouseMigrator {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseMigrator.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");

    private ClickHouseMigrator() {
    }

    public static int migrate(ClickHouse ch, String location) {
        JdbcTemplate jdbc = ch.jdbc();
        String db = ch.database();
        String onCluster = ch.clustered() ? " ON CLUSTER '" + ch.cluster() + "'" : "";
        jdbc.execute("CREATE DATABASE IF NOT EXISTS " + db + onCluster);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + db + ".schema_migrations" + onCluster + " (version UInt32, name String, "
                + "applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = " + (ch.clustered()
                ? "ReplicatedReplacingMergeTree('/clickhouse/" + db + "/schema_migrations', '{replica}')" : "ReplacingMergeTree")
                + " ORDER BY version");
        String scriptsAt = ch.clustered() ? location + "-cluster" : location;
        Set<Integer> applied = new HashSet<>(jdbc.queryForList(
                "SELECT version FROM " + db + ".schema_migrations FINAL", Integer.class));
        int count = 0;
        for (Resource r : scripts(scriptsAt)) {
            int version = version(r);
            if (applied.contains(version)) {
                continue;
            }
            for (String s : statements(r, db, ch.cluster())) {
                jdbc.execute(s);
            }
            jdbc.update("INSERT INTO " + db + ".schema_migrations (version, name) VALUES (?, ?)", version, r.getFilename());
            log.info("ClickHouse migration {} applied", r.getFilename());
            count++;
        }
        return count;
    }

    /** The scripts {@code classpath:<location>/V<n>__<name>.sql}, in version order. */
    public static List<Resource> scripts(String location) {
        Resource[] found;
        try {
            found = new PathMatchingResourcePatternResolver().getResources("classpath*:" + location + "/V*__*.sql");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.stream(found)
                .filter(r -> r.getFilename() != null && NAME.matcher(r.getFilename()).matches())
                .sorted(Comparator.comparingInt(ClickHouseMigrator::version))
                .toList();
    }

    /** The statements of one script with its placeholders filled in, comments-only pieces left out. */
    public static List<String> statements(Resource script, String db, String cluster) {
        String sql;
        try {
            sql = script.getContentAsString(StandardCharsets.UTF_8).replace("${db}", db).replace("${cluster}", cluster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.stream(sql.split(";\\s*(\\n|$)"))
                .map(String::strip)
                .filter(s -> !s.isEmpty() && !s.lines().allMatch(l -> l.strip().isEmpty() || l.strip().startsWith("--")))
                .toList();
    }

    private static int version(Resource r) {
        Matcher m = NAME.matcher(r.getFilename());
        if (!m.matches()) {
            throw new IllegalArgumentException(r.getFilename());
        }
        return Integer.parseInt(m.group(1));
    }
}
