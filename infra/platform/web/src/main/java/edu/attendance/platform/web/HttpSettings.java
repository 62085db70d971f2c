package edu.attendance.platform.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** What the HTTP server grants one client ({@code attendance.http.*}); see {@link HttpServerGuards}. */
@Validated
@ConfigurationProperties("attendance.http")
record HttpSettings(
        /** From a request's first byte to the end of its headers. */
        @NotNull @DefaultValue("10s") Duration headerTimeout,
        /**
         * Open connections one address may hold (0 = no limit). Behind a reverse proxy every client shares the proxy's
         * address: raise it there, and let the proxy limit per client.
         */
        @Min(0) @Max(1_000_000) @DefaultValue("1024") int maxConnectionsPerAddress,
        /** A comment line on every event stream this often: a gone peer is noticed on the write, within this. */
        @NotNull @DefaultValue("15s") Duration streamHeartbeat,
        /** An event stream ends after this (the browser's EventSource reconnects). */
        @NotNull @DefaultValue("1h") Duration streamLifetime,
        /** Event streams one account may hold open at once (a teacher's tabs and projector). */
        @Min(1) @Max(10_000) @DefaultValue("20") int maxStreamsPerUser) {
}
