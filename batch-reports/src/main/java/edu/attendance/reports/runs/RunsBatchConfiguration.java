package edu.attendance.reports.runs;

import org.springframework.batch.core.configuration.support.JdbcDefaultBatchConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Isolation;

import javax.sql.DataSource;

/**
 * Spring Batch with its job repository in PostgreSQL (run history survives restarts); jobs run on a small
 * pool of their own, so starting a run answers at once.
 */
@Configuration(proxyBeanMethods = false)
class RunsBatchConfiguration extends JdbcDefaultBatchConfiguration {

    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;

    public RunsBatchConfiguration(DataSource dataSource, PlatformTransactionManager transactionManager, BatchSchema schema) {
        this.dataSource = dataSource;
        this.transactionManager = transactionManager;
    }

    @Override
    protected DataSource getDataSource() {
        return dataSource;
    }

    @Override
    protected PlatformTransactionManager getTransactionManager() {
        return transactionManager;
    }

    @Override
    protected String getDatabaseType() {
        return "POSTGRES";
    }

    /**
     * Spring Batch creates job executions at SERIALIZABLE by default: two runs started at the same moment made
     * PostgreSQL abort one ("could not serialize access"). READ COMMITTED suffices — the unique key of a job instance
     * (job name and parameters) still lets only one of two identical scheduled runs through.
     */
    @Override
    protected Isolation getIsolationLevelForCreate() {
        return Isolation.READ_COMMITTED;
    }

    @Override
    protected TaskExecutor getTaskExecutor() {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setCorePoolSize(2);
        pool.setMaxPoolSize(2);
        pool.setQueueCapacity(50);
        pool.setThreadNamePrefix("report-run-");
        pool.initialize();
        return pool;
    }
}
