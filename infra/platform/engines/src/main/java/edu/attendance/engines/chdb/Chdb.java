package edu.attendance.engines.chdb;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The chDB C API ({@code libchdb.so}) through Java's FFM API: one connection per process, queries
 * serialised (a chDB connection is one ClickHouse session and is not safe for concurrent use).
 */
final class Chdb implements AutoCloseable {

    /** What one query returned: the output bytes, or the ClickHouse error text. */
    public record Result(byte[] data, String error, long rowsRead, long bytesRead, long rowsWritten,
                         long bytesWritten, double elapsedSeconds) {
        public boolean failed() {
            return error != null;
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MethodHandle queryN;
    private final MethodHandle resultBuffer;
    private final MethodHandle resultLength;
    private final MethodHandle resultError;
    private final MethodHandle resultRowsRead;
    private final MethodHandle resultBytesRead;
    private final MethodHandle resultRowsWritten;
    private final MethodHandle resultBytesWritten;
    private final MethodHandle resultElapsed;
    private final MethodHandle destroyResult;
    private final MethodHandle closeConn;
    private final MemorySegment connectionHandle;
    private final MemorySegment connection;
    private boolean closed;

    public Chdb(Path library, List<String> args) {
        SymbolLookup lib = SymbolLookup.libraryLookup(library, arena);
        Linker linker = Linker.nativeLinker();
        MethodHandle connect = fn(linker, lib, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        queryN = fn(linker, lib, "chdb_query_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        resultBuffer = fn(linker, lib, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = fn(linker, lib, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = fn(linker, lib, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultRowsRead = fn(linker, lib, "chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesRead = fn(linker, lib, "chdb_result_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultRowsWritten = fn(linker, lib, "chdb_result_rows_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesWritten = fn(linker, lib, "chdb_result_bytes_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultElapsed = fn(linker, lib, "chdb_result_elapsed", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        destroyResult = fn(linker, lib, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
        closeConn = fn(linker, lib, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));

        List<String> argv = new ArrayList<>();
        argv.add("clickhouse");
        argv.addAll(args);
        MemorySegment array = arena.allocate(ADDRESS, argv.size());
        for (int i = 0; i < argv.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
        }
        try {
            connectionHandle = (MemorySegment) connect.invokeExact(argv.size(), array);
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_connect failed", t);
        }
        if (connectionHandle.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("chdb_connect returned no connection (args " + args + ")");
        }
        connection = connectionHandle.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
    }

    private static MethodHandle fn(Linker linker, SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        return linker.downcallHandle(
                lib.find(name).orElseThrow(() -> new IllegalStateException("libchdb has no symbol " + name)),
                descriptor);
    }

    /** Runs one statement; {@code format} is the output format used when the query names none. */
    public synchronized Result query(byte[] sql, String format) {
        if (closed) {
            throw new IllegalStateException("chDB connection closed");
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment q = call.allocate(sql.length + 1L);
            MemorySegment.copy(sql, 0, q, JAVA_BYTE, 0, sql.length);
            byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
            MemorySegment f = call.allocateFrom(format);
            MemorySegment result = (MemorySegment) queryN.invokeExact(connection, q, (long) sql.length, f, (long) fmt.length);
            if (result.equals(MemorySegment.NULL)) {
                return new Result(new byte[0], "Code: 1000. DB::Exception: chDB returned no result", 0, 0, 0, 0, 0);
            }
            try {
                MemorySegment err = (MemorySegment) resultError.invokeExact(result);
                String error = err.equals(MemorySegment.NULL) ? null : err.reinterpret(Long.MAX_VALUE).getString(0);
                if (error != null && error.isEmpty()) {
                    error = null;
                }
                long len = (long) resultLength.invokeExact(result);
                MemorySegment buf = (MemorySegment) resultBuffer.invokeExact(result);
                byte[] data = len == 0 || buf.equals(MemorySegment.NULL)
                        ? new byte[0]
                        : buf.reinterpret(len).toArray(JAVA_BYTE);
                return new Result(data, error, (long) resultRowsRead.invokeExact(result),
                        (long) resultBytesRead.invokeExact(result), (long) resultRowsWritten.invokeExact(result),
                        (long) resultBytesWritten.invokeExact(result), (double) resultElapsed.invokeExact(result));
            } finally {
                destroyResult.invokeExact(result);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public Result query(String sql, String format) {
        return query(sql.getBytes(StandardCharsets.UTF_8), format);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeConn.invokeExact(connectionHandle);
        } catch (Throwable t) {
            // closing a native connection on shutdown: nothing more to do
        }
    }
}
