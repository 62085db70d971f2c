package edu.attendance.platform.clickhouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The history store, reached only through the official {@code clickhouse-jdbc} driver over HTTP — a
 * ClickHouse server or cluster in production, chDB behind its HTTP front in the embedded run. Kept
 * out of the {@code DataSource} beans on purpose: PostgreSQL is the platform's primary DataSource.
 */
public final class ClickHouse implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final String database;
    private final String cluster;

    /** {@code cluster}: empty for one server, else the cluster the schema is created on (see {@link #clustered()}). */
    public ClickHouse(String url, String database, String username, String password, String cluster) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("clickhouse");
        cfg.setJdbcUrl(url);
        cfg.setUsername(username);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(8);
        cfg.setMinimumIdle(0);
        cfg.setInitializationFailTimeout(-1);
        cfg.setConnectionTestQuery("SELECT 1");
        this.dataSource = new HikariDataSource(cfg);
        this.jdbc = new JdbcTemplate(dataSource);
        this.database = database;
        this.cluster = cluster;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public String database() {
        return database;
    }

    /** The cluster the tables are spread on, or empty: one server. */
    public String cluster() {
        return cluster;
    }

    /**
     * On a cluster the single-server names ({@code decisions}, …) are Distributed tables over {@code <name>_local}
     * replicated tables; readers and writers use the same names either way.
     */
    public boolean clustered() {
        return !cluster.isEmpty();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
