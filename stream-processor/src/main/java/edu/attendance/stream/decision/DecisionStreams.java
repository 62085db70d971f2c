package edu.attendance.stream.decision;

import edu.attendance.platform.AttendanceProperties;
import edu.attendance.stream.StreamSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * Runs the decision topology with exactly-once (v2) processing for the life of the application. Off with
 * {@code attendance.stream.enabled=false} (the services of a deployment whose stream-processor runs apart).
 * {@code attendance.stream.instance-id} makes the group membership static: a restarted instance takes its
 * partitions back at once instead of waiting for the dead one's session to time out.
 */
@Component
@ConditionalOnProperty(name = "attendance.stream.enabled", havingValue = "true", matchIfMissing = true)
class DecisionStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionStreams.class);
    /** Exactly-once keeps an unfinished close safe (the open transaction is aborted), so stopping need not wait long. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Properties config = new Properties();
    private final AttendanceProperties props;
    private final Clock clock;
    private final int riskThreshold;
    private volatile KafkaStreams streams;

    public DecisionStreams(AttendanceProperties props, Clock clock, KafkaProperties kafka, StreamSettings settings) {
        String bootstrap = String.join(",", kafka.getBootstrapServers());
        int threads = settings.stream().threads();
        Duration commitInterval = settings.stream().commitInterval();
        String instanceId = settings.stream().instanceId();
        this.props = props;
        this.clock = clock;
        this.riskThreshold = props.capture().riskThreshold();
        // spring.kafka's servers and security (TLS, SASL), then this stream's own settings
        config.putAll(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "attendance-decisions");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) props.kafka().replication());
        config.put(StreamsConfig.STATE_DIR_CONFIG, props.dataDir().resolve("streams").toAbsolutePath().toString());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // under exactly-once every commit flushes the producer: lingering until then (Kafka Streams' own default) makes one
        // request per partition per commit instead of one per few records, at no cost in latency beyond the commit
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 100);
        // and the consumer waits for a few records (or 20 ms) instead of waking for each one the API writes
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 8 * 1024);
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
        if (!instanceId.isBlank()) {
            config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        // a silent instance's partitions move after this long (attendance.stream.takeover)
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) settings.stream().takeover().toMillis());
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int) settings.stream().heartbeat().toMillis());
    }

    /** The Kafka Streams configuration this instance runs with. */
    Properties config() {
        return config;
    }

    @Override
    public void start() {
        streams = new KafkaStreams(DecisionTopology.build(riskThreshold, Duration.ofHours(6), clock), config);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("decision stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        log.info("decision stream started (exactly_once_v2)");
    }

    @Override
    public void stop() {
        KafkaStreams s = streams;
        if (s != null) {
            long t0 = System.nanoTime();
            s.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams = null;
            log.info("decision stream stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.NOT_RUNNING : s.state();
    }
}
