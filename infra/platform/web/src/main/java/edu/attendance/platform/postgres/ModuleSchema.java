package edu.attendance.platform.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;

import javax.sql.DataSource;

/**
 * A module's own tables in the shared PostgreSQL database: its Flyway files in {@code classpath:db/<module>/} and its
 * own history table {@code <module>_schema_history}, so each service migrates what it owns and nothing else. A
 * module refers to another module's rows by key, without foreign keys, so the modules migrate in any order.
 * The result is a {@link FlywayMigrationInitializer}: Spring Boot runs it before any bean that reads the database.
 * {@code baselineOnMigrate} at version 0 lets a module adopt a database that already has other modules' tables,
 * and a data directory made before the split (its idempotent scripts find their tables in place).
 */
public final class ModuleSchema {

    private static final Logger log = LoggerFactory.getLogger(ModuleSchema.class);

    private ModuleSchema() {
    }

    public static FlywayMigrationInitializer migrations(DataSource dataSource, String module) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/" + module)
                .table(module + "_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        return new FlywayMigrationInitializer(flyway, f -> {
            MigrateResult result = f.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("PostgreSQL schema of {}: {} migration(s) applied, now at version {}", module, result.migrationsExecuted,
                        result.targetSchemaVersion);
            }
        });
    }
}
