package edu.attendance.ingest.session;

import com.google.zxing.common.BitMatrix;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The projector's SVG draws exactly the QR code's dark modules, and a token's drawing is made once. */
class QrImagesTest {

    private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");

    @Test
    void theSvgsRunsCoverExactlyTheDarkModules() {
        String token = "v1.5b1d0c7e-0d7e-4c55-9d0f-6f0e2b4a1c11.29432211.q0H3yJkz7lW9aXc2";
        BitMatrix expected = QrImages.matrix(token, 0);
        String svg = new String(QrImages.svg(token), StandardCharsets.UTF_8);
        assertThat(svg).contains("viewBox=\"0 0 " + expected.getWidth() + " " + expected.getHeight() + "\"");
        BitMatrix drawn = new BitMatrix(expected.getWidth(), expected.getHeight());
        Matcher m = RUN.matcher(svg);
        int runs = 0;
        while (m.find()) {
            int x = Integer.parseInt(m.group(1)), y = Integer.parseInt(m.group(2)), n = Integer.parseInt(m.group(3));
            assertThat(m.group(4)).isEqualTo(m.group(3));
            for (int i = 0; i < n; i++) {
                assertThat(drawn.get(x + i, y)).as("no module drawn twice").isFalse();
                drawn.set(x + i, y);
            }
            runs++;
        }
        assertThat(drawn).isEqualTo(expected);
        assertThat(runs).as("runs, not single modules").isLessThan(countDark(expected));
    }

    @Test
    void aTokensDrawingIsMadeOnce() {
        String token = "v1.token-shown-on-two-screens";
        assertThat(QrImages.svg(token)).isSameAs(QrImages.svg(token));
    }

    private static int countDark(BitMatrix m) {
        int n = 0;
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                n += m.get(x, y) ? 1 : 0;
            }
        }
        return n;
    }
}
