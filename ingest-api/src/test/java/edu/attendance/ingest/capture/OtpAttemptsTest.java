package edu.attendance.ingest.capture;

import edu.attendance.ingest.auth.DevLoginTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule 3 in one instance's memory: two wrong codes per session, a right one costs nothing, codes at once are bounded. */
class OtpAttemptsTest {

    private final OtpAttempts attempts = new OtpAttempts(null, DevLoginTest.props());
    private final UUID session = UUID.randomUUID();

    @Test
    void twoWrongCodesAndNoMore() {
        assertThat(attempts.take(session, "a@x")).isTrue();
        assertThat(attempts.wrong(session, "a@x", true)).isEqualTo(1);
        assertThat(attempts.take(session, "a@x")).isTrue();
        assertThat(attempts.wrong(session, "a@x", false)).isZero();
        assertThat(attempts.take(session, "a@x")).isFalse();
        // only guesses are evidence; other students and sessions are untouched
        assertThat(attempts.guessesSoFar(session, "a@x")).isEqualTo(1);
        assertThat(attempts.take(session, "b@x")).isTrue();
        assertThat(attempts.take(UUID.randomUUID(), "a@x")).isTrue();
    }

    @Test
    void aRightCodeGivesItsAttemptBack() {
        for (int i = 0; i < 5; i++) {
            assertThat(attempts.take(session, "a@x")).isTrue();
            attempts.giveBack(session, "a@x");
        }
        assertThat(attempts.take(session, "a@x")).isTrue();
        assertThat(attempts.wrong(session, "a@x", true)).isEqualTo(1);
    }

    @Test
    void codesSentAtOnceAreNotAllCompared() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> taken = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                taken.add(pool.submit(() -> {
                    go.await();
                    return attempts.take(session, "a@x");
                }));
            }
            go.countDown();
            int compared = 0;
            for (Future<Boolean> f : taken) {
                compared += f.get() ? 1 : 0;
            }
            assertThat(compared).isEqualTo(OtpAttempts.ALLOWED_WRONG);
        } finally {
            pool.shutdownNow();
        }
    }
}
