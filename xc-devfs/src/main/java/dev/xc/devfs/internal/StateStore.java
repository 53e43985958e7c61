package dev.xc.devfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The devfs backend's state on disk: the rulesets it created (number, rule texts, key, owners), rulesets whose removal
 * failed, and the approvals given per image digest. One properties file, {@code devfs-state.properties}, replaced
 * atomically (written to a temporary file in the same directory, then renamed). Not thread-safe: the backend calls it
 * under its lock.
 */
final class StateStore {

    /** A ruleset the backend created. */
    record Entry(int number, String key, List<String> rules, Set<String> owners, boolean forced) {
        Entry {
            rules = List.copyOf(rules);
            owners = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(owners));
        }
    }

    /** Everything kept. */
    record State(Map<Integer, Entry> rulesets, Set<Integer> pendingRemoval, Map<String, Set<String>> approvals) {
    }

    private static final String FILE = "devfs-state.properties";
    private final Path dir;

    StateStore(Path dir) {
        this.dir = dir;
    }

    Path file() {
        return dir.resolve(FILE);
    }

    State load() {
        Map<Integer, Entry> rulesets = new TreeMap<>();
        Set<Integer> pending = new java.util.TreeSet<>();
        Map<String, Set<String>> approvals = new TreeMap<>();
        Path f = file();
        if (!Files.exists(f)) {
            return new State(rulesets, pending, approvals);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
            for (String k : p.stringPropertyNames()) {
                String[] parts = k.split("\\.", 3);
                if (parts[0].equals("ruleset") && parts.length == 3 && parts[2].equals("key")) {
                    int n = Integer.parseInt(parts[1]);
                    String prefix = "ruleset." + n + ".";
                    rulesets.put(n, new Entry(n, p.getProperty(k), lines(p.getProperty(prefix + "rules", "")),
                            new LinkedHashSet<>(lines(p.getProperty(prefix + "owners", ""))),
                            Boolean.parseBoolean(p.getProperty(prefix + "forced", "false"))));
                } else if (parts[0].equals("pending") && parts.length == 2) {
                    pending.add(Integer.parseInt(parts[1]));
                } else if (k.startsWith("approval.")) {
                    approvals.put(k.substring("approval.".length()), new LinkedHashSet<>(lines(p.getProperty(k))));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read the devfs state " + f + ": " + e.getMessage(),
                    "repair or remove the file; rulesets it listed stay on the host until 'devfs rule -s N delset'",
                    e);
        }
        return new State(rulesets, pending, approvals);
    }

    void save(State s) {
        Properties p = new Properties();
        for (Entry e : s.rulesets().values()) {
            String prefix = "ruleset." + e.number() + ".";
            p.setProperty(prefix + "key", e.key());
            p.setProperty(prefix + "rules", String.join("\n", e.rules()));
            p.setProperty(prefix + "owners", String.join("\n", e.owners()));
            p.setProperty(prefix + "forced", Boolean.toString(e.forced()));
        }
        for (int n : s.pendingRemoval()) {
            p.setProperty("pending." + n, "delset");
        }
        s.approvals().forEach((digest, rules) -> p.setProperty("approval." + digest, String.join("\n", rules)));
        try {
            StringWriter w = new StringWriter();
            p.store(w, "xc devfs backend state: rulesets it created, their owners, approvals per image digest");
            // drop the date line Properties writes, so the file only changes when the state does
            List<String> lines = new ArrayList<>(w.toString().lines().toList());
            if (lines.size() > 1 && lines.get(1).startsWith("#")) {
                lines.remove(1);
            }
            List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
            body.sort(null);
            List<String> out = new ArrayList<>(lines.subList(0, 1));
            out.addAll(body);
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, FILE, ".tmp");
            try {
                Files.writeString(tmp, String.join("\n", out) + "\n", StandardCharsets.ISO_8859_1);
                try {
                    Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot write the devfs state " + file() + ": " + e.getMessage(),
                    "check that the state directory is writable and not full", e);
        }
    }

    private static List<String> lines(String v) {
        return v.isEmpty() ? List.of() : Arrays.asList(v.split("\n"));
    }

    static Map<String, Set<String>> copy(Map<String, Set<String>> m) {
        Map<String, Set<String>> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, new LinkedHashSet<>(v)));
        return c;
    }
}
