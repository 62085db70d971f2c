package edu.attendance.ingest.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import edu.attendance.platform.AttendanceProperties;
import edu.attendance.platform.web.ApiException;
import edu.attendance.platform.web.ErrorCode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per student and per address on every capture endpoint (docs/rules.md rule 10); over
 * the limit is {@code RATE_LIMITED} (429) with {@code Retry-After}. Addresses of the campus network are
 * limited per student only: a whole college may reach the platform through one NAT address. Buckets live in this instance; behind
 * a load balancer that routes by client, that is per student and per address as well.
 */
@Component
class RateLimits {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(1_000_000).build();
    private final int perStudent;
    private final int perAddress;

    private final CampusNetwork campus;

    public RateLimits(AttendanceProperties props, CampusNetwork campus) {
        this.campus = campus;
        this.perStudent = props.capture().perStudentPerMinute();
        this.perAddress = props.capture().perAddressPerMinute();
    }

    /** Per student always; per address unless it is the campus network (a whole college behind one NAT). */
    public void check(String studentEmail, String address) {
        take("s:" + studentEmail, perStudent);
        if (!campus.contains(address)) {
            take("a:" + address, perAddress);
        }
    }

    private void take(String key, int perMinute) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(ErrorCode.RATE_LIMITED, "too many capture requests; retry in " + seconds + " s",
                    Map.of("retryAfterSeconds", seconds));
        }
    }
}
