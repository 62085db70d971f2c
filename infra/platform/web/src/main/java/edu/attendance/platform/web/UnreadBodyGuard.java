package edu.attendance.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers {@code Connection: close} when a response goes out before its request body was read (a 401 or
 * 403 to a POST, a body nobody asked for). The server may then drop the connection with the body's rest
 * unread; saying so keeps the client from sending its next request on a connection that is going away.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnreadBodyGuard implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        AtomicBoolean read = new AtomicBoolean();
        ServerHttpRequest tracked = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().doOnComplete(() -> read.set(true));
            }
        };
        exchange.getResponse().beforeCommit(() -> {
            if (!read.get()) {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            }
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().request(tracked).build());
    }
}
