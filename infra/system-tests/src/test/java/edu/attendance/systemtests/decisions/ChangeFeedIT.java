package edu.attendance.systemtests.decisions;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import edu.attendance.engines.postgres.EmbeddedPostgres;
import edu.attendance.platform.postgres.ChangeFeed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances' change feeds on one real PostgreSQL: what one announces in a committed transaction, the other hears. */
class ChangeFeedIT {

    @TempDir
    static Path dir;
    static EmbeddedPostgres pg;
    static HikariDataSource db;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.start(dir.resolve("pg"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.jdbcUrl());
        config.setUsername(pg.username());
        config.setPassword(pg.password());
        config.setMaximumPoolSize(4);
        db = new HikariDataSource(config);
    }

    @AfterAll
    static void stop() {
        db.close();
        pg.close();
    }

    @Test
    void anotherInstanceHearsCommittedChangesOnlyAndAnInstanceNotItsOwn() {
        JdbcClient jdbc = JdbcClient.create(db);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        List<String> heardByA = new CopyOnWriteArrayList<>();
        List<String> heardByB = new CopyOnWriteArrayList<>();
        AtomicInteger missedByB = new AtomicInteger();
        try (ChangeFeed a = new ChangeFeed(db); ChangeFeed b = new ChangeFeed(db)) {
            a.listen("test_changes", heardByA::add, () -> { });
            b.listen("test_changes", heardByB::add, missedByB::incrementAndGet);
            // B is listening once it was told to forget what it held (the first thing it does after LISTEN)
            await().atMost(Duration.ofSeconds(10)).until(() -> missedByB.get() >= 1);

            tx.executeWithoutResult(s -> a.announce(jdbc, "test_changes", "committed@college.test"));
            // fails the transaction after the notice: PostgreSQL drops a rolled-back transaction's notices
            try {
                tx.executeWithoutResult(s -> {
                    a.announce(jdbc, "test_changes", "never@college.test");
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            tx.executeWithoutResult(s -> a.announce(jdbc, "test_changes", "s1@college.test|with a bar"));

            await().atMost(Duration.ofSeconds(10)).until(() -> heardByB.size() >= 2);
            assertThat(heardByB).containsExactly("committed@college.test", "s1@college.test|with a bar");
            assertThat(heardByA).isEmpty();
        }
    }
}
