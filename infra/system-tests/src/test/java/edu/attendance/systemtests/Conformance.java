package edu.attendance.systemtests;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every answer the platform tests get from the API, checked against the platform's own {@code /v3/api-docs} (Atlassian's
 * swagger-request-validator): its status must be one the operation documents, its content type and body must match the
 * documented schema. A violation fails the test that received the answer — clients are generated from this document.
 */
public final class Conformance {

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    /** Off only to list every violation at once while fixing the document ({@code -Dconformance=report}). */
    private static final boolean REPORT_ONLY = "report".equals(System.getProperty("conformance"));
    public static final List<String> REPORTED = Collections.synchronizedList(new ArrayList<>());

    private Conformance() {
    }

    public static void check(String base, String method, URI uri, Api.Response r) {
        String path = uri.getRawPath();
        if (!path.startsWith("/api/")) {
            return;
        }
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(base, Conformance::load);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(r.status());
        r.headers().map().forEach((name, values) -> response.withHeader(name, values));
        if (r.body().length > 0) {
            response.withBody(r.body());
        }
        ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)),
                response.build());
        if (report.hasErrors()) {
            String what = method + " " + path + " → " + r.status() + ": " + report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> m.getKey() + " " + m.getMessage()).toList();
            if (REPORT_ONLY) {
                REPORTED.add(what);
                System.out.println("CONFORMANCE " + what);
            } else {
                throw new AssertionError("the answer does not match the OpenAPI document: " + what);
            }
        }
    }

    private static OpenApiInteractionValidator load(String base) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String doc = http.send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return OpenApiInteractionValidator.createForInlineApiSpecification(doc).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
