package edu.attendance.engines.chdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the chDB child process: {@code --library=<libchdb.so> --path=<data dir> [--port=0] [--bind=<address>]}
 * (loopback unless given). Its first line
 * of standard input is the password every request must present (never an argument or an environment variable, which
 * other local users may read). Prints {@code CHDB_READY port=<n>} once it serves, and exits when its standard input
 * closes, so it never outlives the process that started it.
 */
final class ChdbServerMain {

    public static final String READY = "CHDB_READY port=";

    private ChdbServerMain() {
    }

    public static void main(String[] args) throws IOException {
        Path library = null;
        Path path = null;
        int port = 0;
        Path config = null;
        InetAddress bind = InetAddress.getLoopbackAddress();
        for (String a : args) {
            if (a.startsWith("--library=")) {
                library = Path.of(a.substring("--library=".length()));
            } else if (a.startsWith("--path=")) {
                path = Path.of(a.substring("--path=".length()));
            } else if (a.startsWith("--port=")) {
                port = Integer.parseInt(a.substring("--port=".length()));
            } else if (a.startsWith("--bind=")) {
                bind = InetAddress.getByName(a.substring("--bind=".length()));
            } else if (a.startsWith("--config-file=")) {
                config = Path.of(a.substring("--config-file=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (library == null || path == null) {
            throw new IllegalArgumentException("usage: --library=<libchdb.so> --path=<dir> [--port=<n>] [--config-file=<xml>]");
        }
        Files.createDirectories(path);
        List<String> chdbArgs = new ArrayList<>(List.of("--path=" + path.toAbsolutePath()));
        if (config != null) {
            chdbArgs.add("--config-file=" + config.toAbsolutePath());
        }
        InputStream in = System.in;
        String password = firstLine(in);
        Chdb chdb = new Chdb(library, chdbArgs);
        ChdbHttpServer server = new ChdbHttpServer(chdb, bind, port, password);
        server.start();
        System.out.println(READY + server.port());
        System.out.flush();
        while (in.read() >= 0) {
            // the parent never writes; EOF means it is gone
        }
        server.close();
        chdb.close();
        System.exit(0);
    }

    /** The first line of {@code in}, read byte by byte (nothing after it is consumed). */
    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }
}
