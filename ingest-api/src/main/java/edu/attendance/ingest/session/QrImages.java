package edu.attendance.ingest.session;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * QR images of a token (ZXing). Error correction Q (25 %) survives a projector's glare and a student's
 * angle across a lecture hall; the quiet zone is the standard four modules.
 */
final class QrImages {

    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.Q,
            EncodeHintType.MARGIN, 4,
            EncodeHintType.CHARACTER_SET, "UTF-8");

    private QrImages() {
    }

    static BitMatrix matrix(String token, int size) {
        try {
            return new QRCodeWriter().encode(token, BarcodeFormat.QR_CODE, size, size, HINTS);
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode a QR token", e);
        }
    }

    public static byte[] png(String token, int size) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            MatrixToImageWriter.writeToStream(matrix(token, size), "PNG", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The SVGs drawn lately, by token: a token is shown for one rotation window, by every screen following its session
     * (a projector, the teacher's second tab), and each drawing costs ZXing's encoding.
     */
    private static final Cache<String, byte[]> SVGS = Caffeine.newBuilder().maximumSize(4_096).expireAfterWrite(Duration.ofMinutes(2)).build();

    /** A scalable SVG: one path of the module grid's dark runs, row by row (no resampling blur on projectors). */
    public static byte[] svg(String token) {
        return SVGS.get(token, QrImages::draw);
    }

    private static byte[] draw(String token) {
        BitMatrix m = matrix(token, 0);
        StringBuilder path = new StringBuilder(4_096);
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    int run = 1;
                    while (x + run < m.getWidth() && m.get(x + run, y)) {
                        run++;
                    }
                    path.append('M').append(x).append(' ').append(y).append('h').append(run).append("v1h-").append(run).append('z');
                    x += run;
                }
            }
        }
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
        return svg.getBytes(StandardCharsets.UTF_8);
    }
}
