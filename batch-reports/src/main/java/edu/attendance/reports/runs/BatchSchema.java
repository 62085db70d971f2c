package edu.attendance.reports.runs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Spring Batch's job repository tables in PostgreSQL, created from the schema script that ships in
 * spring-batch-core when they are missing — under an advisory lock, so that two instances starting
 * together create them once.
 */
@Component
class BatchSchema {

    private static final Logger log = LoggerFactory.getLogger(BatchSchema.class);
    private static final long LOCK = 0x5ba7c4_0001L;

    public BatchSchema(DataSource dataSource, TransactionTemplate tx) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        tx.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, LOCK);
            Boolean present = jdbc.queryForObject("SELECT to_regclass('batch_job_instance') IS NOT NULL", Boolean.class);
            if (!Boolean.TRUE.equals(present)) {
                ResourceDatabasePopulator schema = new ResourceDatabasePopulator(
                        new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"));
                jdbc.execute((Connection c) -> {
                    schema.populate(c);
                    return null;
                });
                log.info("created Spring Batch's job repository tables");
            }
        });
    }
}
