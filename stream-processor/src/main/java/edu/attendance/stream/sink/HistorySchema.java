package edu.attendance.stream.sink;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.platform.clickhouse.ClickHouseMigrator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The history's tables in ClickHouse ({@code clickhouse/V*.sql} beside this module's sinks, which write them), brought
 * up to date before any sink starts, unless {@code attendance.clickhouse.migrate=false} (a second instance, or a
 * schema managed by hand). Readers (the analytics) only read them.
 */
@Component
@EnableConfigurationProperties(HistoryRetention.Settings.class)
class HistorySchema {

    public HistorySchema(ClickHouse clickHouse, AttendanceProperties props, HistoryRetention.Settings retention) {
        if (props.clickhouse().migrate()) {
            ClickHouseMigrator.migrate(clickHouse, "clickhouse");
            HistoryRetention.apply(clickHouse, retention);
        }
    }
}
