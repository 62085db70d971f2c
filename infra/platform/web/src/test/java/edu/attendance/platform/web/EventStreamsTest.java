package edu.attendance.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Event streams that say nothing still write (heartbeats), end, and count against their account until released. */
class EventStreamsTest {

    @Test
    void aSilentStreamSendsHeartbeats() {
        EventStreams streams = new EventStreams(Duration.ofMillis(50), Duration.ofHours(1), 5);
        List<ServerSentEvent<String>> first = streams.guard("t@college.test", Flux.<ServerSentEvent<String>>never())
                .take(3).collectList().block(Duration.ofSeconds(5));
        assertThat(first).hasSize(3).allSatisfy(e -> assertThat(e.comment()).isEqualTo("keep-alive"));
    }

    @Test
    void theStreamEndsWithItsEventsAndHeartbeatsStopThen() {
        EventStreams streams = new EventStreams(Duration.ofMillis(20), Duration.ofHours(1), 5);
        List<ServerSentEvent<String>> all = streams.guard("t@college.test",
                Flux.just(ServerSentEvent.builder("a").build(), ServerSentEvent.builder("b").build())).collectList().block(Duration.ofSeconds(5));
        assertThat(all).extracting(ServerSentEvent::data).containsExactly("a", "b");
        assertThat(streams.openStreams("t@college.test")).isZero();
    }

    @Test
    void aStreamEndsAfterItsLifetime() {
        EventStreams streams = new EventStreams(Duration.ofSeconds(30), Duration.ofMillis(100), 5);
        assertThat(streams.guard("t@college.test", Flux.<ServerSentEvent<String>>never()).collectList().block(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void anAccountHoldsAtMostItsCapAndGetsSlotsBackWhenStreamsAreDropped() {
        EventStreams streams = new EventStreams(Duration.ofSeconds(30), Duration.ofHours(1), 2);
        Sinks.Many<ServerSentEvent<String>> events = Sinks.many().multicast().directBestEffort();
        Disposable one = streams.guard("t@college.test", events.asFlux()).subscribe();
        Disposable two = streams.guard("t@college.test", events.asFlux()).subscribe();
        assertThat(streams.openStreams("t@college.test")).isEqualTo(2);
        assertThatThrownBy(() -> streams.guard("t@college.test", events.asFlux()).blockFirst(Duration.ofSeconds(5)))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(ErrorCode.RATE_LIMITED));
        // someone else is not held back by this account
        Disposable other = streams.guard("u@college.test", events.asFlux()).subscribe();
        assertThat(streams.openStreams("u@college.test")).isEqualTo(1);
        // a client that goes away cancels its stream: the slot is free again
        one.dispose();
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams("t@college.test") == 1);
        Disposable three = streams.guard("t@college.test", events.asFlux()).subscribe();
        assertThat(streams.openStreams("t@college.test")).isEqualTo(2);
        two.dispose();
        three.dispose();
        other.dispose();
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams("t@college.test") == 0);
    }
}
