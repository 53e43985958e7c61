package dev.xc.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The kernel state of a {@link SimulatedHost} kept in one JSON file, {@code DIR/simulated-host.json}, so that
 * several processes (a daemon, a daemon restarted after kill -9, {@code xc --embedded} commands) see one host. Each
 * operation on the host is a transaction: under an exclusive lock on {@code DIR/simulated-host.lock} (and a monitor
 * for the threads of this JVM, which share one file lock) the file is read back if another process changed it, the
 * operation runs, and the state is written (to a temporary file, then renamed over the old one) if it changed.
 * Transactions nest on one thread. The file has one member per subsystem: {@code kernel} (jails, mounts, modules,
 * interfaces, jail processes) and one per {@link SimulatedHost.Stateful} tool by its name ({@code pfctl},
 * {@code devfs}).
 *
 * <p>Thread-safe.
 */
final class HostStateFile {

    static final String FILE = "simulated-host.json";
    static final String LOCK = "simulated-host.lock";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path dir;
    private final Map<String, SimulatedHost.Stateful> parts;
    private final Object monitor = new Object();
    private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);
    private String last = "";

    HostStateFile(Path dir, Map<String, SimulatedHost.Stateful> parts) {
        this.dir = dir.toAbsolutePath();
        this.parts = new LinkedHashMap<>(parts);
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw failure("create " + this.dir, e);
        }
        transaction(() -> null); // load what is there, or write the initial state
    }

    /** Runs {@code work} as one transaction on the persisted state. */
    <T> T transaction(Supplier<T> work) {
        if (depth.get() > 0) {
            return work.get();
        }
        synchronized (monitor) {
            depth.set(1);
            try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                load();
                try {
                    return work.get();
                } finally {
                    save();
                }
            } catch (IOException e) {
                throw failure("lock " + dir.resolve(LOCK), e);
            } finally {
                depth.set(0);
            }
        }
    }

    private void load() throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.equals(last)) {
            return;
        }
        Map<String, Object> all = JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        for (Map.Entry<String, SimulatedHost.Stateful> p : parts.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) all.get(p.getKey());
            if (s != null) {
                p.getValue().importState(s);
            }
        }
        last = text;
    }

    private void save() throws IOException {
        Map<String, Object> all = new TreeMap<>();
        parts.forEach((name, p) -> all.put(name, p.exportState()));
        String text = JSON.writeValueAsString(all);
        if (text.equals(last)) {
            return;
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        last = text;
    }

    private static XcException failure(String what, IOException e) {
        return XcException.of(ErrorCode.IO_ERROR, "the simulated host cannot " + what + ": " + e.getMessage(),
                "check the permissions of the engine's state directory", e);
    }
}
