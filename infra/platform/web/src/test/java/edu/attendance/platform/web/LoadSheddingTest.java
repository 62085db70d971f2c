package edu.attendance.platform.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP server's load shedding, on a real Netty pipeline (the HTTP codec and the guards, an embedded channel per
 * connection): past the in-flight limit or with the event loop running late, a sheddable request is answered 503 with
 * Retry-After before anything after the guards sees it, and the connection carries the next request.
 */
class LoadSheddingTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    /** Whether the service says it is away (e.g. cut from Kafka). */
    private boolean away;
    private final ShedPolicy policy = new ShedPolicy() {
        @Override
        public boolean away() {
            return away;
        }

        @Override
        public boolean sheddable(String method, String path) {
            return method.equals("POST") && path.equals("/api/v1/scans");
        }

        @Override
        public int maxInFlight() {
            return 2;
        }

        @Override
        public Duration maxLag() {
            return Duration.ofMillis(50);
        }

        @Override
        public Duration retryAfter() {
            return Duration.ofSeconds(2);
        }
    };
    private LoadShedding shedding;
    private HttpServerGuards guards;
    /** What reached the application, per connection. */
    private final List<List<HttpRequest>> seen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        shedding = new LoadShedding(policy, metrics);
        guards = new HttpServerGuards(Duration.ofSeconds(10), 0, List.of(), shedding);
    }

    private EmbeddedChannel connection() {
        List<HttpRequest> requests = new ArrayList<>();
        seen.add(requests);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(NettyPipeline.HttpCodec, new HttpServerCodec());
        channel.pipeline().addLast("app", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest r) {
                    requests.add(r);
                }
                ReferenceCountUtil.release(msg);
            }
        });
        guards.install(channel, false);
        return channel;
    }

    private static void send(EmbeddedChannel channel, String method, String path, String body) {
        String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    }

    private static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out.toString();
    }

    private static void answer(EmbeddedChannel channel) {
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED, Unpooled.EMPTY_BUFFER));
    }

    @Test
    void pastTheLimitASheddableRequestIsRefusedAtOnceAndTheConnectionCarriesTheNextOne() {
        EmbeddedChannel a = connection(), b = connection(), c = connection();
        send(a, "POST", "/api/v1/scans", "{}");
        send(b, "POST", "/api/v1/scans?x=1", "{}");
        send(c, "POST", "/api/v1/scans", "{\"submissionId\":\"1\"}");
        assertThat(seen.get(0)).hasSize(1);
        assertThat(seen.get(1)).hasSize(1);
        assertThat(seen.get(2)).as("the third never reached the application").isEmpty();
        String refusal = written(c);
        assertThat(refusal).startsWith("HTTP/1.1 503").contains("retry-after: 2").contains("\"code\":\"UNAVAILABLE\"")
                .contains("application/problem+json").doesNotContain("connection: close");
        assertThat(shedding.inFlight()).isEqualTo(2);
        assertThat(metrics.counter("attendance.http.shed", "reason", "in-flight").count()).isEqualTo(1);

        answer(a);
        assertThat(shedding.inFlight()).as("an answered request frees its place").isEqualTo(1);
        send(c, "POST", "/api/v1/scans", "{}");
        assertThat(seen.get(2)).as("the same connection, admitted now").hasSize(1);
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void whileTheServiceIsAwayEverySheddableRequestIsRefusedAtOnceAndOthersServed() {
        away = true;
        EmbeddedChannel a = connection();
        send(a, "POST", "/api/v1/scans", "{}");
        assertThat(written(a)).startsWith("HTTP/1.1 503").contains("retry-after: 2").contains("\"code\":\"UNAVAILABLE\"")
                .contains("cannot reach the attendance log");
        assertThat(seen.get(0)).as("below the in-flight limit, still refused").isEmpty();
        assertThat(shedding.inFlight()).isZero();
        assertThat(metrics.counter("attendance.http.shed", "reason", "away").count()).isEqualTo(1);
        send(a, "POST", "/api/v1/sessions", "{}");
        assertThat(seen.get(0)).as("a teacher's route is served all the same").hasSize(1);
        away = false;
        send(a, "POST", "/api/v1/scans", "{}");
        assertThat(seen.get(0)).as("back: admitted").hasSize(2);
    }

    @Test
    void otherRoutesAreNeverCountedOrShed() {
        EmbeddedChannel a = connection(), b = connection();
        send(a, "POST", "/api/v1/scans", "{}");
        send(b, "POST", "/api/v1/scans", "{}");
        EmbeddedChannel other = connection();
        send(other, "POST", "/api/v1/sessions", "{}");
        send(other, "GET", "/api/v1/scans", "");
        assertThat(seen.get(2)).hasSize(2);
        assertThat(shedding.inFlight()).isEqualTo(2);
    }

    @Test
    void aConnectionThatGoesAwayUnansweredFreesItsPlace() {
        EmbeddedChannel a = connection();
        send(a, "POST", "/api/v1/scans", "{}");
        assertThat(shedding.inFlight()).isEqualTo(1);
        a.close();
        assertThat(shedding.inFlight()).isZero();
    }

    @Test
    void aRefusedRequestsBodyStillArrivingIsDroppedNotReadAsTheNextRequest() {
        EmbeddedChannel a = connection(), b = connection(), c = connection();
        send(a, "POST", "/api/v1/scans", "{}");
        send(b, "POST", "/api/v1/scans", "{}");
        c.writeInbound(Unpooled.copiedBuffer("POST /api/v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"a\":", StandardCharsets.US_ASCII));
        assertThat(written(c)).startsWith("HTTP/1.1 503");
        c.writeInbound(Unpooled.copiedBuffer("\"bc\"}", StandardCharsets.US_ASCII));
        answer(a);
        send(c, "POST", "/api/v1/sessions", "{}");
        assertThat(seen.get(2)).singleElement().satisfies(r -> assertThat(r.uri()).isEqualTo("/api/v1/sessions"));
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void aShedRequestAsksForTheNextReadWhenTheServerReadsOnDemand() {
        EmbeddedChannel a = connection(), b = connection(), c = connection();
        int[] reads = {0};
        c.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads[0]++;
                ctx.read();
            }
        });
        c.config().setAutoRead(false); // as Reactor Netty has it while it works on a request
        send(a, "POST", "/api/v1/scans", "{}");
        send(b, "POST", "/api/v1/scans", "{}");
        c.writeInbound(Unpooled.copiedBuffer("POST /api/v1/scans HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n", StandardCharsets.US_ASCII));
        assertThat(written(c)).startsWith("HTTP/1.1 503");
        assertThat(reads[0]).as("the refused request's body is read, nobody behind the guards will ask for it").isEqualTo(1);
        c.writeInbound(Unpooled.copiedBuffer("{\"a\":\"bc\"}", StandardCharsets.US_ASCII));
        assertThat(reads[0]).as("and then the next request").isEqualTo(2);
        assertThat(seen.get(2)).isEmpty();
    }

    @Test
    void anEventLoopRunningLateShedsUntilItCatchesUp() {
        EmbeddedChannel a = connection();
        for (int i = 0; i < LoadShedding.LATE_IN_A_ROW; i++) { // each probe runs 80 ms after it was due
            a.advanceTimeBy(LoadShedding.PROBE_MS + 80, TimeUnit.MILLISECONDS);
            a.runScheduledPendingTasks();
        }
        send(a, "POST", "/api/v1/scans", "{}");
        assertThat(written(a)).startsWith("HTTP/1.1 503");
        assertThat(seen.get(0)).isEmpty();
        assertThat(metrics.counter("attendance.http.shed", "reason", "lag").count()).isEqualTo(1);
        send(a, "POST", "/api/v1/sessions", "{}");
        assertThat(seen.get(0)).as("a teacher's route is served all the same").hasSize(1);

        a.advanceTimeBy(LoadShedding.PROBE_MS, TimeUnit.MILLISECONDS); // on time again
        a.runScheduledPendingTasks();
        answer(a);
        send(a, "POST", "/api/v1/scans", "{}");
        assertThat(seen.get(0)).hasSize(2);
        assertThat(shedding.inFlight()).isEqualTo(1);
    }

    @Test
    void oneStallIsNotOverloadWhatQueuedBehindItIsServed() {
        EmbeddedChannel a = connection();
        a.advanceTimeBy(LoadShedding.PROBE_MS + 120, TimeUnit.MILLISECONDS); // a 120 ms pause, then the loop runs again
        a.runScheduledPendingTasks();
        send(a, "POST", "/api/v1/scans", "{}");
        assertThat(seen.get(0)).hasSize(1);
        answer(a);

        a.advanceTimeBy(LoadShedding.PROBE_MS, TimeUnit.MILLISECONDS); // on time again
        a.runScheduledPendingTasks();
        for (int i = 1; i < LoadShedding.LATE_IN_A_ROW; i++) { // late again, but not yet often enough in a row
            a.advanceTimeBy(LoadShedding.PROBE_MS + 80, TimeUnit.MILLISECONDS);
            a.runScheduledPendingTasks();
        }
        send(a, "POST", "/api/v1/scans", "{}");
        assertThat(seen.get(0)).hasSize(2);
        assertThat(metrics.counter("attendance.http.shed", "reason", "lag").count()).isZero();
    }
}
