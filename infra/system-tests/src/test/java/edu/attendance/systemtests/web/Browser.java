package edu.attendance.systemtests.web;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.imageio.ImageIO;

/**
 * One real headless Chromium (Debian's chromium + chromedriver) with a profile of its own — a phone or a
 * laptop — whose camera is Chromium's fake capture device playing a Y4M file the test writes.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Dimension PHONE = new Dimension(412, 915);
    public static final Dimension DESKTOP = new Dimension(1280, 800);

    public final ChromeDriver driver;
    public final Path camera;
    public final Path downloads;
    private final String base;

    public Browser(String base, Path dir, Dimension size, String userAgent) throws IOException {
        this.base = base;
        Files.createDirectories(dir);
        this.camera = dir.resolve("camera.y4m");
        this.downloads = Files.createDirectories(dir.resolve("downloads"));
        writeBlankCamera(camera);
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + camera, "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=" + size.width + "," + size.height, "--lang=en-GB");
        if (userAgent != null) {
            o.addArguments("--user-agent=" + userAgent);
        }
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        this.driver = new ChromeDriver(service, o);
        driver.manage().window().setSize(size);
        // the device is in the classroom: its position comes from here, not from a network location service
        placeAt(12.9716, 77.5946, 20);
    }

    /** Where this browser's geolocation says it is (and the site may ask). */
    public void placeAt(double lat, double lon, double accuracyM) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("geolocation")));
        driver.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", lat, "longitude", lon, "accuracy", accuracyM));
    }

    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    public void open(String hash) {
        driver.get(base + "/" + hash);
    }

    public WebDriverWait waiting(Duration d) {
        return new WebDriverWait(driver, d);
    }

    public WebElement await(By by) {
        return waiting(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void awaitText(By by, String text) {
        waiting(Duration.ofSeconds(30)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Signs in through the page's own form, as a person who typed the e-mail would. */
    public void signIn(String email) {
        open("#/signin");
        WebElement field = await(By.id("email"));
        field.sendKeys(email);
        driver.findElement(By.cssSelector("form.row button[type=submit]")).click();
        try {
            waiting(Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().contains("signin")
                    && !d.findElements(By.cssSelector("header .who")).isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError(email + " is not signed in after 20 s: at " + driver.getCurrentUrl() + ", the page says «"
                    + driver.findElement(By.tagName("body")).getText() + "», console: " + consoleErrors(), e);
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The camera now shows this picture (read when the page next opens the camera). */
    public void showToCamera(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        writeY4m(camera, image);
    }

    public byte[] screenshot(WebElement e) {
        return e.getScreenshotAs(OutputType.BYTES);
    }

    public void screenshot(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Console errors so far (SEVERE), without the ones a test provokes on purpose (refused requests it expects). */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** axe-core's serious and critical violations on the page as it is now. */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityViolations() throws IOException {
        Path axe = Path.of(System.getProperty("attendance.web.dir", "../../dashboard/web"), "node_modules", "axe-core", "axe.min.js");
        script(Files.readString(axe));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))),
                  e => done(['axe failed: ' + e]));
                """);
        return (List<String>) result;
    }

    private static void writeBlankCamera(Path file) throws IOException {
        BufferedImage white = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        writeY4m(file, white);
    }

    /** A Y4M (4:2:0) of 640×480 frames showing the picture centred on white, as a phone held at the projector would. */
    public static void writeY4m(Path file, BufferedImage picture) throws IOException {
        int w = 640, h = 480;
        BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int side = 420;
        double scale = Math.min((double) side / picture.getWidth(), (double) side / picture.getHeight());
        int pw = (int) (picture.getWidth() * scale), ph = (int) (picture.getHeight() * scale);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(picture, (w - pw) / 2, (h - ph) / 2, pw, ph, null);
        g.dispose();
        byte[] y = new byte[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int rgb = frame.getRGB(i, j);
                int r = (rgb >> 16) & 0xff, gr = (rgb >> 8) & 0xff, b = rgb & 0xff;
                y[j * w + i] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
            }
        }
        byte[] chroma = new byte[(w / 2) * (h / 2)];
        Arrays.fill(chroma, (byte) 128);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F10:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < 2; f++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(y);
                out.write(chroma);
                out.write(chroma);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        driver.quit();
    }

    /**
     * A PDF is in the download folder, complete: an assertion (which a wait retries until the browser has written it),
     * never an exception (which would end the wait).
     */
    public void assertPdfDownloaded() throws IOException {
        try (var files = Files.list(downloads)) {
            java.util.Optional<Path> pdf = files.filter(p -> p.toString().endsWith(".pdf")).findFirst();
            org.assertj.core.api.Assertions.assertThat(pdf).as("a downloaded PDF").isPresent();
            byte[] bytes = Files.readAllBytes(pdf.get());
            org.assertj.core.api.Assertions.assertThat(bytes.length).isGreaterThan(5);
            org.assertj.core.api.Assertions.assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        }
    }
}
