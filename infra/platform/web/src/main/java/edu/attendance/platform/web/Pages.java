package edu.attendance.platform.web;

import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Paged lists (docs/rules.md "Paging"): {@code limit} (1–1000, default 100) and an opaque {@code before} cursor taken
 * from the last row; a page with more rows behind it carries {@code Link: <…>; rel="next"}. Callers ask their
 * store for {@code limit + 1} rows; the extra row only says that there is a next page.
 */
public final class Pages {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private Pages() {
    }

    /** The cursor as clients see it: base64url of the row's position, opaque to them. */
    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a client's cursor names, or {@code VALIDATION_FAILED} for anything this API did not give out. */
    public static <T> T decode(String cursor, Function<String, T> parse) {
        if (cursor == null) {
            return null;
        }
        try {
            return parse.apply(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "before is not a cursor this API gave out");
        }
    }

    public static int limit(Integer limit) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_LIMIT);
        }
        return l;
    }

    /**
     * The answer for {@code rows} (up to {@code limit + 1} of them): the first {@code limit}, and when there were
     * more, a {@code Link} to the next page — {@code next} with {@code limit} and {@code before} set.
     */
    public static <T> ResponseEntity<List<T>> of(List<T> rows, int limit, Function<T, String> position, UriComponentsBuilder next) {
        if (rows.size() <= limit) {
            return ResponseEntity.ok(rows);
        }
        List<T> page = rows.subList(0, limit);
        String link = next.replaceQueryParam("limit", limit)
                .replaceQueryParam("before", encode(position.apply(page.getLast())))
                .encode().build().toUriString();
        return ResponseEntity.ok().header("Link", "<" + link + ">; rel=\"next\"").body(List.copyOf(page));
    }
}
