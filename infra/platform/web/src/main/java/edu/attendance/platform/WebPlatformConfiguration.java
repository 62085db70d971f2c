package edu.attendance.platform;

import edu.attendance.platform.lti.LtiConfiguration;
import edu.attendance.platform.postgres.ChangeFeed;
import edu.attendance.platform.security.SecurityConfiguration;
import edu.attendance.platform.web.WebConfiguration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import javax.sql.DataSource;

/**
 * What an HTTP service with accounts stands on: the platform, the HTTP server and its guards ({@link WebConfiguration}),
 * security (JWT, roles), one problem+json mapping, PostgreSQL's change feed.
 */
@Configuration(proxyBeanMethods = false)
@Import({PlatformConfiguration.class, WebConfiguration.class, SecurityConfiguration.class, LtiConfiguration.class})
public class WebPlatformConfiguration {

    /**
     * What the metrics must not tell an outsider who reaches them: the JDK's and the Kafka clients' versions (and
     * commit ids), the main class, and the data directory's path on the disk metrics.
     */
    @Bean
    MeterFilter discreetMetrics() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                String name = id.getName();
                return name.equals("jvm.info") || name.contains("app.info") || name.startsWith("application.")
                        ? MeterFilterReply.DENY
                        : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getTag("kafka.version") == null && !(id.getTag("path") != null && id.getName().startsWith("disk."))) {
                    return id;
                }
                return id.replaceTags(id.getTags().stream()
                        .filter(t -> !t.getKey().equals("kafka.version"))
                        .map(t -> t.getKey().equals("path") ? Tag.of("path", "data") : t)
                        .toList());
            }
        };
    }

    /**
     * Tells every instance which rows it keeps in memory changed (accounts, login families, students' devices), so
     * the copies follow the database.
     */
    @Bean(destroyMethod = "close")
    ChangeFeed changeFeed(ObjectProvider<DataSource> dataSource) {
        return new ChangeFeed(dataSource::getObject);
    }
}
