package edu.attendance.systemtests.deployment;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What runs carries only what it needs: no test library on the classpath {@code ./attendance run} starts the
 * platform with (written by the build, {@code target/classpath.txt}), nor inside a service's executable jar.
 * Runs after every module was packaged.
 */
class RunClasspathIT {

    static final Pattern TEST_LIBRARY = Pattern.compile(
            "(junit|mockito|assertj|awaitility|hamcrest|archunit|mock-oauth2-server|greenmail|mockwebserver|spring-boot-starter-test"
                    + "|spring-boot-test|spring-test|spring-security-test|spring-boot-webflux-test|test-support|selenium|byte-buddy-agent|jsonassert|xmlunit)[-./]", Pattern.CASE_INSENSITIVE);
    static final Path ROOT = Path.of("..", "..");

    @Test
    void theRunClasspathHasNoTestLibrary() throws IOException {
        String cp = Files.readString(Path.of("..", "launcher", "target", "classpath.txt"));
        List<String> entries = Arrays.stream(cp.strip().split(File.pathSeparator)).toList();
        assertThat(entries).as("the run classpath").hasSizeGreaterThan(50)
                .anyMatch(e -> e.contains("spring-boot"))
                .noneMatch(e -> TEST_LIBRARY.matcher(Path.of(e).getFileName().toString()).lookingAt());
    }

    @Test
    void noExecutableJarCarriesATestLibrary() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String module : List.of("ingest-api", "stream-processor", "dashboard", "batch-reports")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(module).resolve("target"))) {
                files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).forEach(jars::add);
            }
        }
        assertThat(jars).as("the four services' exec jars").hasSize(4);
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                List<String> libs = zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("BOOT-INF/lib/"))
                        .map(n -> n.substring("BOOT-INF/lib/".length())).toList();
                assertThat(libs).as(jar.getFileName().toString()).isNotEmpty()
                        .noneMatch(n -> TEST_LIBRARY.matcher(n).lookingAt());
            }
        }
    }
}
