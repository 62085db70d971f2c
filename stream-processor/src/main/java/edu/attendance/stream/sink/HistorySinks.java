package edu.attendance.stream.sink;

import edu.attendance.contracts.AlertRaised;
import edu.attendance.contracts.CaptureMethod;
import edu.attendance.contracts.Decision;
import edu.attendance.contracts.SubmissionAccepted;
import edu.attendance.contracts.SubmissionRejected;
import edu.attendance.contracts.Topic;
import edu.attendance.contracts.Topics;
import edu.attendance.platform.clickhouse.ClickHouse;
import edu.attendance.stream.StreamSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The history in ClickHouse: decisions, every submission (accepted or refused), alerts — one sink each.
 * Runs wherever the decision stream runs ({@code attendance.stream.enabled}); with
 * {@code attendance.stream.instance-id} its consumers are static members too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "attendance.stream.enabled", havingValue = "true", matchIfMissing = true)
class HistorySinks {

    /** DateTime64(3) text in UTC, the form every ClickHouse input format accepts. */
    private static final DateTimeFormatter CH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final ClickHouse clickHouse;
    private final MeterRegistry meters;
    private final Map<String, Object> connection;
    private final int maxBatch;
    private final Duration maxDelay;
    private final StreamSettings.Stream membership;

    public HistorySinks(HistorySchema schema, ClickHouse clickHouse, MeterRegistry meters, KafkaProperties kafka, StreamSettings settings) {
        this.clickHouse = clickHouse;
        this.meters = meters;
        this.connection = kafka.buildConsumerProperties();
        this.maxBatch = settings.sink().maxBatch();
        this.maxDelay = settings.sink().maxDelay();
        this.membership = settings.stream();
    }

    private <T> ClickHouseSink<T> sink(String name, Topic<String, T> topic, String table,
                                       Function<T, Map<String, Object>> row) {
        return new ClickHouseSink<>(name, topic, table, row, clickHouse, meters, connection, maxBatch, maxDelay,
                new ClickHouseSink.Membership(membership.instanceId().isBlank() ? null : membership.instanceId() + "-sink-" + name,
                        membership.takeover(), membership.heartbeat()));
    }

    @Bean
    ClickHouseSink<Decision> decisionSink() {
        return sink("decisions", Topics.DECISIONS, "decisions", d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("session_id", d.sessionId());
            row.put("student_email", d.studentEmail());
            row.put("subject_id", d.subjectId());
            row.put("class_id", d.classId());
            row.put("session_date", d.date().toString());
            row.put("status", d.status().name());
            row.put("previous_status", d.previousStatus() == null ? "" : d.previousStatus().name());
            row.put("method", d.method() == null ? "" : d.method().name());
            row.put("at", time(d.at()));
            row.put("decided_at", time(d.decidedAt()));
            row.put("offline", d.offline());
            row.put("submission_id", d.submissionId() == null ? "" : d.submissionId());
            row.put("flags", d.flags());
            row.put("version", d.version());
            return row;
        });
    }

    @Bean
    ClickHouseSink<SubmissionAccepted> acceptedSink() {
        return sink("accepted", Topics.SUBMISSIONS, "submissions", s -> submission(s.submissionId(),
                s.sessionId(), s.studentEmail(), s.method(), "ACCEPTED", s.capturedAt(), s.receivedAt(), s.offline(), s.deviceId(),
                s.clientAddress(), s.riskScore(), s.flags()));
    }

    @Bean
    ClickHouseSink<SubmissionRejected> rejectedSink() {
        return sink("rejected", Topics.REJECTIONS, "submissions", s -> submission(s.submissionId(),
                s.sessionId(), s.studentEmail(), s.method(), s.code(), null, s.receivedAt(), false, s.deviceId(),
                s.clientAddress(), 0, List.of()));
    }

    @Bean
    ClickHouseSink<AlertRaised> alertSink() {
        return sink("alerts", Topics.ALERTS, "alerts", a -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("session_id", a.sessionId());
            row.put("type", a.type().name());
            row.put("at", time(a.at()));
            row.put("students", a.students());
            row.put("detail", a.detail() == null ? "" : a.detail());
            return row;
        });
    }

    private static Map<String, Object> submission(String id, String session, String student, CaptureMethod method, String outcome,
                                                  Instant captured, Instant received, boolean offline, String device,
                                                  String address, int risk, List<String> flags) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("submission_id", id);
        row.put("session_id", session == null ? "" : session);
        row.put("student_email", student);
        row.put("method", method == null ? "" : method.name());
        row.put("outcome", outcome);
        row.put("captured_at", captured == null ? null : time(captured));
        row.put("received_at", time(received));
        row.put("offline", offline);
        row.put("device_id", device == null ? "" : device);
        row.put("client_address", address == null ? "" : address);
        row.put("risk_score", risk);
        row.put("flags", flags);
        return row;
    }

    private static String time(Instant t) {
        return CH_TIME.format(t);
    }
}
