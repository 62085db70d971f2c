package edu.attendance.platform.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the HTTP server (Reactor Netty) itself must do for a hostile or broken client, below Spring:
 * <ul>
 *   <li>its own refusals — a request line over its limit (414), headers over theirs (431), a request it cannot decode
 *       (400) — carry the API's problem+json with a stable code instead of an empty body;</li>
 *   <li>a request's headers must arrive within {@code headerTimeout} of its first byte (a client trickling a header
 *       line every few seconds held a connection for as long as it liked): then 408 {@code REQUEST_TIMEOUT} and close;</li>
 *   <li>at most {@code maxConnectionsPerAddress} open connections from one address outside the campus networks and
 *       trusted proxies: a connection past it is answered 429 {@code RATE_LIMITED} on its first request and closed;</li>
 *   <li>load shedding (when a service gives a {@link ShedPolicy}): a sheddable request that finds too many like it in
 *       flight, or its event loop running late, is answered 503 {@code UNAVAILABLE} with {@code Retry-After} as soon as
 *       its headers are decoded — the connection stays open, the rest of its body is dropped.</li>
 * </ul>
 */
final class HttpServerGuards implements NettyServerCustomizer {

    private final Duration headerTimeout;
    private final int maxConnectionsPerAddress;
    private final AddressRanges uncapped;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> connections = new ConcurrentHashMap<>();
    /** Null: nothing is shed. */
    private final LoadShedding shedding;

    /**
     * {@code uncapped}: address ranges the per-address cap does not apply to — the campus networks (a college's NAT is
     * one address for thousands of phones) and the trusted reverse proxies (every client comes through them).
     */
    public HttpServerGuards(Duration headerTimeout, int maxConnectionsPerAddress, List<String> uncapped, LoadShedding shedding) {
        this.shedding = shedding;
        this.headerTimeout = headerTimeout;
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        this.uncapped = AddressRanges.of(uncapped);
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
                return; // not HTTP/1.1 (nothing else is served)
            }
            // the observer's address is the server's own for accepted channels: the peer is the channel's
            Exchange exchange = new Exchange(counted(channel, channel.remoteAddress() != null ? channel.remoteAddress() : remote));
            install(channel, exchange);
        });
    }

    /** The guards' handlers around the channel's HTTP codec (named {@link NettyPipeline#HttpCodec}). */
    void install(Channel channel, boolean overLimit) {
        install(channel, new Exchange(overLimit));
    }

    private void install(Channel channel, Exchange exchange) {
        if (shedding != null) {
            shedding.watch(channel.eventLoop());
        }
        channel.pipeline().addFirst("attendance.requestStart", new RequestStart(exchange));
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "attendance.guards", new Guards(exchange, shedding));
    }

    /** Counts the connection against its address; true when it is one too many. */
    private boolean counted(Channel channel, SocketAddress remote) {
        if (maxConnectionsPerAddress <= 0 || !(remote instanceof InetSocketAddress address) || address.getAddress() == null) {
            return false;
        }
        InetAddress ip = address.getAddress();
        if (uncapped.contains(ip.getHostAddress())) {
            return false;
        }
        AtomicInteger open = connections.computeIfAbsent(ip, k -> new AtomicInteger());
        int now = open.incrementAndGet();
        channel.closeFuture().addListener(f -> {
            if (open.decrementAndGet() == 0) {
                connections.remove(ip, open);
            }
        });
        return now > maxConnectionsPerAddress;
    }

    /** Open connections from {@code address} (for tests and metrics). */
    public int connectionsFrom(InetAddress address) {
        AtomicInteger n = connections.get(address);
        return n == null ? 0 : n.get();
    }

    /** One connection's state, shared by the handler before the codec (bytes) and the one after it (messages). */
    private final class Exchange {
        final boolean overLimit;
        boolean readingHeaders;
        boolean inRequest;
        /** The current request's body has not all arrived yet. */
        boolean bodyPending;
        /** Closing: the answer is out, the rest of the request's body is read and dropped first. */
        boolean lingering;
        ScheduledFuture<?> timer;
        ChannelHandlerContext decoded;
        /** A request the codec could not read that came while the answer before it was still going out. */
        HttpRequest deferred;
        /** The current request is counted by the load shedding until its answer is written. */
        boolean admitted;
        /** The current request was shed: the rest of its body is dropped. */
        boolean discarding;

        Exchange(boolean overLimit) {
            this.overLimit = overLimit;
        }

        /** The first bytes of a request arrived: its headers have {@code headerTimeout} from now. */
        void bytesArrived(ChannelHandlerContext ctx) {
            if (inRequest || readingHeaders || decoded == null) {
                return;
            }
            readingHeaders = true;
            timer = ctx.executor().schedule(this::timedOut, headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void headersArrived() {
            readingHeaders = false;
            inRequest = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        void responded() {
            inRequest = false;
        }

        private void timedOut() {
            if (readingHeaders && decoded.channel().isActive()) {
                decoded.writeAndFlush(problem(ErrorCode.REQUEST_TIMEOUT,
                        "the request's headers did not arrive within " + headerTimeout.toSeconds() + " s", null))
                        .addListener(f -> decoded.channel().close());
            }
        }
    }

    private static final class RequestStart extends ChannelInboundHandlerAdapter {
        private final Exchange exchange;

        RequestStart(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            exchange.bytesArrived(ctx);
            ctx.fireChannelRead(msg);
        }
    }

    private static final class Guards extends ChannelDuplexHandler {
        private final Exchange exchange;
        private final LoadShedding shedding;

        Guards(Exchange exchange, LoadShedding shedding) {
            this.exchange = exchange;
            this.shedding = shedding;
        }

        /** The connection ended with an admitted request unanswered (the client went away). */
        private void release() {
            if (exchange.admitted) {
                exchange.admitted = false;
                shedding.done();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            release();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            exchange.decoded = ctx;
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            release();
            if (exchange.timer != null) {
                exchange.timer.cancel(false);
            }
            if (exchange.deferred != null) {
                ReferenceCountUtil.release(exchange.deferred);
                exchange.deferred = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (exchange.discarding && !(msg instanceof HttpRequest)) {
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (last) {
                    exchange.discarding = false;
                    exchange.bodyPending = false;
                    exchange.responded();
                }
                readOn(ctx);
                return;
            }
            if (exchange.lingering) {
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (last) {
                    ctx.close();
                }
                return;
            }
            if (msg instanceof HttpRequest) {
                exchange.bodyPending = !(msg instanceof LastHttpContent);
            } else if (msg instanceof LastHttpContent) {
                exchange.bodyPending = false;
            }
            if (msg instanceof HttpRequest request) {
                boolean answerPending = exchange.inRequest;
                exchange.headersArrived();
                if (request.decoderResult().isFailure()) {
                    if (answerPending) {
                        exchange.deferred = request; // answered once the answer before it is out, in order
                    } else {
                        refuseUndecodable(ctx, request);
                    }
                    return;
                }
                if (exchange.overLimit && request.decoderResult().isSuccess()) {
                    ReferenceCountUtil.release(msg);
                    FullHttpResponse refusal = problem(ErrorCode.RATE_LIMITED, "too many open connections from this address", null);
                    refusal.headers().set(HttpHeaderNames.RETRY_AFTER, "5");
                    ctx.writeAndFlush(refusal).addListener(f -> ctx.channel().close());
                    return;
                }
                if (shedding != null && request.decoderResult().isSuccess()
                        && shedding.sheddable(request.method().name(), path(request.uri()))) {
                    LoadShedding.Decision decision = shedding.admit(ctx.channel().eventLoop());
                    if (decision == LoadShedding.Decision.ADMITTED) {
                        exchange.admitted = true;
                    } else {
                        shed(ctx, request, decision);
                        return;
                    }
                }
            }
            ctx.fireChannelRead(msg);
        }

        /** The pre-built 503 at once; the connection stays open for the next request, the rest of this one's body is dropped. */
        private void shed(ChannelHandlerContext ctx, HttpRequest request, LoadShedding.Decision why) {
            boolean complete = request instanceof LastHttpContent;
            ReferenceCountUtil.release(request);
            ctx.writeAndFlush(shedding.refusal(why));
            if (complete) {
                exchange.responded();
            } else {
                exchange.discarding = true;
            }
            readOn(ctx);
        }

        /**
         * Asks for the next read after a message kept from the server behind (a shed request, its dropped body). Reactor
         * Netty reads on demand (auto-read off while it works on a request) and asks for more only for what it was given:
         * without this a connection whose request was shed stalled until the client gave up — the next request on it sat
         * unread in the socket (seen in the open-loop bench: 64 requests answered only after the client's 30 s timeout).
         */
        private static void readOn(ChannelHandlerContext ctx) {
            if (!ctx.channel().config().isAutoRead()) {
                ctx.read();
            }
        }

        private static String path(String uri) {
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            if (!path.startsWith("/")) {
                int slash = path.indexOf('/', path.indexOf("//") + 2); // absolute form: http://host/path
                path = path.indexOf("//") < 0 || slash < 0 ? path : path.substring(slash);
            }
            return path;
        }

        /**
         * A request the codec could not read (a request line or headers over their limits, bytes that are not HTTP/1.1),
         * answered here with nothing pending before it rather than by Reactor Netty: its own decoder-failure answer went
         * missing now and then on a connection that had carried a request before (14 of 200 such pairs, never on a fresh
         * one). One that arrives while the answer before it is still going out waits for that answer. The connection is closed the lingering way: the client may still be sending the oversized request, and
         * closing with its bytes unread would reset the connection under the answer.
         */
        private void refuseUndecodable(ChannelHandlerContext ctx, HttpRequest request) {
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(request);
            ErrorCode code = cause instanceof TooLongHttpLineException ? ErrorCode.URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? ErrorCode.HEADERS_TOO_LARGE
                    : ErrorCode.VALIDATION_FAILED;
            FullHttpResponse refusal = problem(code, code == ErrorCode.VALIDATION_FAILED
                    ? "the request could not be read as HTTP/1.1" : code.title().toLowerCase(Locale.ROOT), null);
            exchange.bodyPending = true; // unread bytes may follow: linger on close
            ctx.writeAndFlush(refusal).addListener(f -> close(ctx, ctx.newPromise()));
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            Object out = msg;
            if (msg instanceof FullHttpResponse response && isBareRefusal(response)) {
                // Reactor Netty's answer to a request it could not decode: the same status, with a problem body
                ErrorCode code = switch (response.status().code()) {
                    case 414 -> ErrorCode.URI_TOO_LONG;
                    case 431 -> ErrorCode.HEADERS_TOO_LARGE;
                    case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                    default -> ErrorCode.VALIDATION_FAILED;
                };
                FullHttpResponse problem = problem(code, code == ErrorCode.VALIDATION_FAILED
                        ? "the request could not be read as HTTP/1.1" : code.title().toLowerCase(Locale.ROOT), null);
                problem.setStatus(response.status());
                problem.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ReferenceCountUtil.release(msg);
                out = problem;
            }
            if (out instanceof LastHttpContent) {
                exchange.responded();
                release();
                HttpRequest deferred = exchange.deferred;
                if (deferred != null) {
                    exchange.deferred = null;
                    ChannelPromise written = promise.unvoid();
                    ctx.write(out, written);
                    written.addListener(f -> refuseUndecodable(ctx, deferred));
                    return;
                }
            }
            ctx.write(out, promise);
        }

        /**
         * A close while the client is still sending its body (a refusal before or in the middle of reading it, a 413):
         * closing at once would make the kernel answer the unread bytes with a reset, which can wipe the refusal out of
         * the client's buffer before it reads it. So stop writing, read and drop the rest of the body (at most
         * {@value #LINGER_MS} ms), then close.
         */
        @Override
        public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
            if (exchange.bodyPending && !exchange.lingering && ctx.channel() instanceof DuplexChannel duplex
                    && ctx.channel().isActive()) {
                exchange.lingering = true;
                duplex.shutdownOutput().addListener(f -> {
                    ctx.channel().config().setAutoRead(true);
                    ctx.read();
                });
                ctx.executor().schedule(() -> {
                    if (ctx.channel().isOpen()) {
                        ctx.close(promise);
                    }
                }, LINGER_MS, TimeUnit.MILLISECONDS);
                ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
                return;
            }
            ctx.close(promise);
        }

        private static final long LINGER_MS = 2_000;

        private static boolean isBareRefusal(FullHttpResponse response) {
            int status = response.status().code();
            return (status == 400 || status == 413 || status == 414 || status == 431)
                    && response.content().readableBytes() == 0
                    && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE);
        }
    }

    static FullHttpResponse problem(ErrorCode code, String detail, String instance) {
        byte[] body = ProblemWriter.bytes(code, detail, instance);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code.status().value()),
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
