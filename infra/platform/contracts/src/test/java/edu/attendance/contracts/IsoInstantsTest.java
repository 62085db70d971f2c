package edu.attendance.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTest {

    /** Jackson's own reading, without the fast path. */
    private static final JsonMapper PLAIN = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-08T09:00:00Z", "2026-12-08T09:00:00.1Z", "2026-12-08T09:00:00.123Z",
            "2026-12-08T09:00:00.123456Z", "2026-12-08T09:00:00.123456789Z", "2024-02-29T23:59:59.999Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z"})
    void readsTheCanonicalFormAsInstantDoes(String s) {
        assertThat(IsoInstants.parse(s)).isEqualTo(Instant.parse(s));
    }

    @Test
    void readsWhatInstantWritesOverTheWholeRange() {
        Random random = new Random(8);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(min + Math.floorMod(random.nextLong(), max - min + 1), nanos);
            assertThat(IsoInstants.parse(t.toString())).as(t.toString()).isEqualTo(t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-08T09:00:00+01:00", "2026-12-08T09:00:00.123+00:00", "2026-12-08t09:00:00Z",
            "2026-12-08T09:00:00z", "2026-12-08T23:59:60Z", "2026-12-08T24:00:00Z", "2026-02-29T09:00:00Z",
            "2026-02-30T09:00:00Z", "2026-13-01T09:00:00Z", "2026-00-01T09:00:00Z", "2026-12-00T09:00:00Z",
            "2026-12-08T09:60:00Z", "2026-12-08T09:00:00.Z", "2026-12-08T09:00:00.1234567890Z", " 2026-12-08T09:00:00Z",
            "2026-12-08T09:00:00Z ", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-12-08 09:00:00Z",
            "2026-12-08T09:00Z", "2026-12-08T09:00:0aZ", "2026-1a-08T09:00:00Z", "2026-12-08T09:00:00,5Z", "1765184400",
            "", "2026-12-08T09:00:00.-1Z", "2026-12-08T09:00:00.+1Z"})
    void leavesEveryOtherShapeToTheGeneralParser(String s) {
        assertThat(IsoInstants.parse(s)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2026-12-08T09:00:00.123Z\"", "\"2026-12-08T09:00:00+01:00\"", "\" 2026-12-08T09:00:00Z \"",
            "\"2026-12-08t09:00:00z\"", "\"2026-12-08T23:59:60Z\"", "\"2026-02-30T09:00:00Z\"", "\"2026-12-08T09:00:00.Z\"",
            "\"not a time\"", "\"\"", "1765184400", "1765184400.5", "\"1765184400\"", "null", "true", "[1]"})
    void theEventsMapperReadsEveryInputAsJacksonDoes(String json) {
        assertThat(outcome(JsonSerde.MAPPER, json)).isEqualTo(outcome(PLAIN, json));
    }

    private static Object outcome(JsonMapper mapper, String json) {
        try {
            return mapper.readValue(json, Instant.class);
        } catch (JacksonException refused) {
            return refused.getClass();
        }
    }
}
