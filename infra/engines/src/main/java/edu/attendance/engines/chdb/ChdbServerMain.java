package edu.attendance.engines.chdb;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of the chDB child process: {@code --library=<libchdb.so> --path=<data dir> [--port=0]}.
 * Prints {@code CHDB_READY port=<n>} once it serves, and exits when its standard input closes, so it
 * never outlives the process that started it.
 */
public final class ChdbServerMain {

    public static final String READY = "CHDB_READY port=";

    private ChdbServerMain() {
    }

    public static void main(String[] args) throws IOException {
        Path library = null;
        Path path = null;
        int port = 0;
        Path config = null;
        for (String a : args) {
            if (a.startsWith("--library=")) {
                library = Path.of(a.substring("--library=".length()));
            } else if (a.startsWith("--path=")) {
                path = Path.of(a.substring("--path=".length()));
            } else if (a.startsWith("--port=")) {
                port = Integer.parseInt(a.substring("--port=".length()));
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
        List<String> chdbArgs = new java.util.ArrayList<>(List.of("--path=" + path.toAbsolutePath()));
        if (config != null) {
            chdbArgs.add("--config-file=" + config.toAbsolutePath());
        }
        Chdb chdb = new Chdb(library, chdbArgs);
        ChdbHttpServer server = new ChdbHttpServer(chdb, InetAddress.getLoopbackAddress(), port);
        server.start();
        System.out.println(READY + server.port());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // the parent never writes; EOF means it is gone
        }
        server.close();
        chdb.close();
        System.exit(0);
    }
}
