package edu.attendance.ingest.online;

import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Teams' attendance reports through Microsoft Graph, where the college configured an application
 * ({@code attendance.online.teams.*}; docs/rules.md, "Online classes"): a token by the client-credentials grant, the
 * meeting found by its join link among the organiser's meetings
 * ({@code GET /users/{organiser}/onlineMeetings?$filter=JoinWebUrl eq '…'}), every attendance report of it (one per
 * time the meeting ran), and every record's join and leave intervals, page by page ({@code @odata.nextLink}). Blocking.
 */
@Component
class TeamsGraph {

    private final OnlineSettings.Teams settings;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private volatile String token;
    private volatile Instant tokenUntil = Instant.EPOCH;

    TeamsGraph(OnlineSettings settings, JsonMapper json, Clock clock) {
        this.settings = settings.teams();
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(this.settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    boolean enabled() {
        return settings.enabled();
    }

    /** Every stay the meeting's attendance reports record (a reconnect is an interval of its own). */
    List<MeetingReports.Stay> stays(String organizer, String joinUrl) {
        if (!enabled()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Teams' attendance API is not configured here: upload the report instead");
        }
        String base = settings.graphUrl().replaceAll("/+$", "") + "/users/" + enc(organizer) + "/onlineMeetings";
        JsonNode meetings = get(base + "?$filter=" + enc("JoinWebUrl eq '" + joinUrl.replace("'", "''") + "'"));
        if (meetings.path("value").isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no Teams meeting of " + organizer + " has that join link");
        }
        String meeting = base + "/" + enc(meetings.path("value").get(0).path("id").asString());
        List<MeetingReports.Stay> stays = new ArrayList<>();
        for (JsonNode report : pages(meeting + "/attendanceReports")) {
            for (JsonNode record : pages(meeting + "/attendanceReports/" + enc(report.path("id").asString()) + "/attendanceRecords")) {
                String email = record.path("emailAddress").asString("").strip().toLowerCase(Locale.ROOT);
                String name = record.path("identity").path("displayName").asString("");
                for (JsonNode interval : record.path("attendanceIntervals")) {
                    String join = interval.path("joinDateTime").asString(null);
                    String leave = interval.path("leaveDateTime").asString(null);
                    if (join != null && leave != null) { // a missing time is Graph's "data lacking"
                        stays.add(new MeetingReports.Stay(name, email.contains("@") ? email : null, Instant.parse(join), Instant.parse(leave)));
                    }
                }
            }
        }
        return stays;
    }

    private List<JsonNode> pages(String url) {
        List<JsonNode> out = new ArrayList<>();
        String next = url;
        for (int page = 0; next != null && page < 100; page++) {
            JsonNode body = get(next);
            body.path("value").forEach(out::add);
            next = body.path("@odata.nextLink").asString(null);
        }
        return out;
    }

    private JsonNode get(String url) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout())
                .header("Authorization", "Bearer " + token()).header("Accept", "application/json").GET().build());
        if (r.statusCode() == 401) {
            tokenUntil = Instant.EPOCH;
        }
        if (r.statusCode() != 200) {
            throw new ApiException(r.statusCode() == 404 ? ErrorCode.NOT_FOUND : ErrorCode.UNAVAILABLE,
                    "Microsoft Graph answered " + r.statusCode() + " for the meeting's attendance"
                            + (r.statusCode() == 403 ? " (the application may not read this teacher's meetings)" : ""));
        }
        return json.readTree(r.body());
    }

    private String token() {
        if (clock.instant().isBefore(tokenUntil)) {
            return token;
        }
        String form = "client_id=" + enc(settings.clientId()) + "&client_secret=" + enc(settings.clientSecret())
                + "&scope=" + enc("https://graph.microsoft.com/.default") + "&grant_type=client_credentials";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(settings.loginUrl().replaceAll("/+$", "") + "/"
                        + enc(settings.tenantId()) + "/oauth2/v2.0/token")).timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (r.statusCode() != 200) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "Microsoft's sign-in refused the college's Teams application (HTTP "
                    + r.statusCode() + ")");
        }
        JsonNode body = json.readTree(r.body());
        token = body.path("access_token").asString();
        tokenUntil = clock.instant().plusSeconds(Math.max(0, body.path("expires_in").asLong(3600) - 60));
        return token;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "Microsoft Graph cannot be reached now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
