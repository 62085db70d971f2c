package edu.attendance.ingest.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/** Sessions and their codes ({@code attendance.sessions.*}). */
@Validated
@ConfigurationProperties("attendance.sessions")
record SessionSettings(
        /** How often the projected QR code changes; a code is valid in its window and the next (docs/benchmarks.md, "Relayed codes", says why 2 s). */
        @Min(2) @Max(60) @DefaultValue("2") int qrRotationSeconds,
        @Min(0) @Max(180) @DefaultValue("5") int lateAfterMinutes,
        /** How often sessions past their end are closed (and their absences decided). */
        @NotNull @DefaultValue("2s") Duration autoCloseInterval,
        /** Master key (base64, 32 bytes) encrypting per-session secrets; generated into the data dir when absent. */
        String secretsKey) {
}
