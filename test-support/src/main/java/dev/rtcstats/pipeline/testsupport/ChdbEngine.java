package dev.rtcstats.pipeline.testsupport;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The ClickHouse engine in-process: libchdb.so (ClickHouse 26.7) called through the FFM API. Queries are serialised.
 * The connection is never closed: closing the last chDB connection makes the JVM hang at exit, and the engine
 * holds a lock on its data directory until the process ends, so use one data directory per process.
 */
@SuppressWarnings("restricted") // the engine is a native library reached through the FFM API
public final class ChdbEngine {
    private final MethodHandle queryN;
    private final MethodHandle queryWithParams;
    private final MethodHandle resultBuffer;
    private final MethodHandle resultLength;
    private final MethodHandle resultError;
    private final MethodHandle destroyResult;
    private final MemorySegment connection;

    /** The outcome of one query: either the output bytes in the requested format or the engine's error text. */
    public record Result(byte[] output, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    public ChdbEngine(Path library, Path dataDirectory) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("chDB library not found at " + library
                    + "; run infra/scripts/fetch-chdb.sh or set CHDB_LIB / -Dchdb.lib");
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup symbols = SymbolLookup.libraryLookup(library, Arena.global());
        MethodHandle connect =
                handle(linker, symbols, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        queryN = handle(
                linker,
                symbols,
                "chdb_query_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        queryWithParams = handle(
                linker,
                symbols,
                "chdb_query_with_params",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        resultBuffer = handle(linker, symbols, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = handle(linker, symbols, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = handle(linker, symbols, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyResult = handle(linker, symbols, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));

        Arena global = Arena.global();
        String[] argv = {"clickhouse", "--path=" + dataDirectory.toAbsolutePath()};
        MemorySegment args = global.allocate(ADDRESS, argv.length);
        for (int i = 0; i < argv.length; i++) {
            args.setAtIndex(ADDRESS, i, global.allocateFrom(argv[i]));
        }
        try {
            MemorySegment holder = (MemorySegment) connect.invokeExact(argv.length, args);
            MemorySegment conn = holder.equals(MemorySegment.NULL)
                    ? MemorySegment.NULL
                    : holder.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
            if (conn.equals(MemorySegment.NULL)) {
                throw new IllegalStateException(
                        "chdb_connect failed for " + dataDirectory + " (another process may hold this data directory)");
            }
            connection = conn;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_connect failed", t);
        }
    }

    /** Runs one statement; {@code parameters} fill {@code {name:Type}} placeholders. */
    public synchronized Result query(byte[] sql, String format, Map<String, String> parameters) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(sql.length + 1L);
            text.copyFrom(MemorySegment.ofArray(sql));
            MemorySegment fmt = arena.allocateFrom(format);
            MemorySegment result;
            if (parameters.isEmpty()) {
                result = (MemorySegment) queryN.invokeExact(connection, text, (long) sql.length, fmt, (long)
                        format.getBytes(StandardCharsets.UTF_8).length);
            } else {
                MemorySegment names = arena.allocate(ADDRESS, parameters.size());
                MemorySegment values = arena.allocate(ADDRESS, parameters.size());
                int i = 0;
                for (var entry : parameters.entrySet()) {
                    names.setAtIndex(ADDRESS, i, arena.allocateFrom(entry.getKey()));
                    values.setAtIndex(ADDRESS, i, arena.allocateFrom(entry.getValue()));
                    i++;
                }
                result = (MemorySegment)
                        queryWithParams.invokeExact(connection, text, fmt, names, values, (long) parameters.size());
            }
            try {
                MemorySegment error = (MemorySegment) resultError.invokeExact(result);
                if (!error.equals(MemorySegment.NULL)) {
                    return new Result(null, error.reinterpret(Long.MAX_VALUE).getString(0));
                }
                long length = (long) resultLength.invokeExact(result);
                if (length == 0) {
                    return new Result(new byte[0], null);
                }
                MemorySegment buffer = (MemorySegment) resultBuffer.invokeExact(result);
                return new Result(buffer.reinterpret(length).toArray(JAVA_BYTE), null);
            } finally {
                destroyResult.invokeExact(result);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("chDB query failed", t);
        }
    }

    private static MethodHandle handle(
            Linker linker, SymbolLookup symbols, String name, FunctionDescriptor descriptor) {
        return linker.downcallHandle(
                symbols.find(name).orElseThrow(() -> new IllegalStateException("libchdb.so has no symbol " + name)),
                descriptor);
    }
}
