package edu.attendance.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.http.HttpStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the generated OpenAPI document must also say to be true (clients are generated from it, and the platform tests
 * check every answer they get against it):
 * <ul>
 *   <li>every operation may answer a problem+json ({@code Problem}: type, title, status, detail, a stable {@code code}
 *       of {@link ErrorCode}, instance, and extra members such as {@code errors}) with the statuses of the error codes;</li>
 *   <li>files (QR images, PDFs, spreadsheets) are {@code format: binary}, not base64 text;</li>
 *   <li>a member a record leaves out of {@code required} may be {@code null} in an answer (Jackson writes nulls), so it
 *       is declared nullable — an enum included.</li>
 * </ul>
 */
final class OpenApiTruth implements GlobalOpenApiCustomizer {

    static final String PROBLEM = "Problem";

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        if (api.getComponents().getSchemas() != null) {
            api.getComponents().getSchemas().forEach((name, schema) -> nullableWhereOptional(schema));
        }
        Set<Integer> statuses = new LinkedHashSet<>();
        Arrays.stream(ErrorCode.values()).map(c -> c.status().value()).filter(s -> s != 500).sorted().forEach(statuses::add);
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
            addProblems(op, statuses);
            binaryFiles(op);
        }));
    }

    /** Images, PDFs and spreadsheets are bytes on the wire, not the base64 text {@code format: byte} would mean. */
    private static void binaryFiles(Operation op) {
        op.getResponses().values().forEach(r -> {
            if (r.getContent() == null) {
                return;
            }
            r.getContent().forEach((type, media) -> {
                Schema<?> schema = media.getSchema();
                if (schema != null && "byte".equals(schema.getFormat()) && !type.contains("json")) {
                    schema.setFormat("binary");
                }
            });
        });
    }

    private static void addProblems(Operation op, Set<Integer> statuses) {
        if (op.getResponses() == null) {
            op.setResponses(new ApiResponses());
        }
        for (int status : statuses) {
            String key = Integer.toString(status);
            if (!op.getResponses().containsKey(key)) {
                op.getResponses().addApiResponse(key, new ApiResponse().description(reason(status))
                        .content(new Content().addMediaType("application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
            }
        }
    }

    private static String reason(int status) {
        HttpStatus s = HttpStatus.resolve(status);
        return (s == null ? "Error" : s.getReasonPhrase()) + " (problem+json; see its code)";
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        StringSchema code = new StringSchema();
        code.setEnum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details with the platform's stable code; routes add members (errors, attemptsLeft, …)");
        problem.addProperty("type", new StringSchema());
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("code", code);
        problem.addProperty("instance", new StringSchema());
        problem.setRequired(List.of("type", "title", "status", "code"));
        problem.setAdditionalProperties(Boolean.TRUE);
        return problem;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void nullableWhereOptional(Schema<?> schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        properties.forEach((name, p) -> {
            if (required.contains(name) || p.get$ref() != null) {
                return;
            }
            p.setNullable(Boolean.TRUE);
            if (p.getTypes() != null && !p.getTypes().contains("null")) {
                Set<String> types = new LinkedHashSet<>(p.getTypes());
                types.add("null");
                p.setTypes(types);
            }
            if (p.getEnum() != null && !p.getEnum().contains(null)) {
                List values = new ArrayList<>(p.getEnum());
                values.add(null);
                p.setEnum(values);
            }
        });
    }
}
