package dev.xc.testkit.zfs;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The native properties the simulated {@code zfs} knows, with OpenZFS 2.2 defaults and allowed values
 * ({@code zfsprops.7}). Written independently of the backend's own table on purpose: a test then checks one against
 * the other. Stateless.
 */
final class ZfsProperties {

    private ZfsProperties() {
    }

    static final Set<String> READ_ONLY = Set.of("type", "creation", "used", "available", "referenced", "origin",
            "mounted", "name", "compressratio", "usedbysnapshots", "usedbydataset", "usedbychildren", "clones",
            "createtxg", "guid", "written", "logicalused", "logicalreferenced");

    /** Settable native properties and their defaults, in {@code zfs get all} order. */
    static final Map<String, String> DEFAULTS = orderedDefaults();

    /** Properties that children do not inherit. */
    static final Set<String> NOT_INHERITED = Set.of("quota", "refquota", "reservation", "refreservation",
            "canmount");

    private static final String ON_OFF = "on | off";
    private static final Map<String, String> CHOICES = Map.ofEntries(
            Map.entry("atime", ON_OFF), Map.entry("relatime", ON_OFF), Map.entry("exec", ON_OFF),
            Map.entry("setuid", ON_OFF), Map.entry("devices", ON_OFF), Map.entry("readonly", ON_OFF),
            Map.entry("jailed", ON_OFF), Map.entry("canmount", "on | off | noauto"),
            Map.entry("snapdir", "hidden | visible"), Map.entry("xattr", "on | off | dir | sa"),
            Map.entry("sync", "standard | always | disabled"), Map.entry("logbias", "latency | throughput"),
            Map.entry("primarycache", "all | none | metadata"), Map.entry("secondarycache", "all | none | metadata"),
            Map.entry("copies", "1 | 2 | 3"), Map.entry("redundant_metadata", "all | most | some | none"),
            Map.entry("dnodesize", "legacy | auto | 1k | 2k | 4k | 8k | 16k"),
            Map.entry("checksum", "on | off | fletcher2 | fletcher4 | sha256 | noparity | sha512 | skein | edonr"
                    + " | blake3"),
            Map.entry("dedup", "on | off | verify | sha256[,verify] | sha512[,verify] | skein[,verify]"
                    + " | edonr,verify | blake3[,verify]"),
            Map.entry("compression", "on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19]"
                    + " | zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]"));

    private static final Pattern SIZE = Pattern.compile("(\\d+(\\.\\d+)?)([BKMGTPE]?)(i?B)?", Pattern.CASE_INSENSITIVE);

    private static Map<String, String> orderedDefaults() {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        m.put("mountpoint", "");
        m.put("quota", "none");
        m.put("reservation", "none");
        m.put("recordsize", "131072");
        m.put("sharenfs", "off");
        m.put("checksum", "on");
        m.put("compression", "on");
        m.put("atime", "on");
        m.put("devices", "on");
        m.put("exec", "on");
        m.put("setuid", "on");
        m.put("readonly", "off");
        m.put("jailed", "off");
        m.put("snapdir", "hidden");
        m.put("canmount", "on");
        m.put("xattr", "on");
        m.put("copies", "1");
        m.put("refquota", "none");
        m.put("refreservation", "none");
        m.put("primarycache", "all");
        m.put("secondarycache", "all");
        m.put("logbias", "latency");
        m.put("dedup", "off");
        m.put("sync", "standard");
        m.put("dnodesize", "legacy");
        m.put("relatime", "on");
        m.put("redundant_metadata", "all");
        m.put("special_small_blocks", "0");
        return java.util.Collections.unmodifiableMap(m);
    }

    static boolean isUser(String name) {
        return name.contains(":");
    }

    static boolean known(String name) {
        return READ_ONLY.contains(name) || DEFAULTS.containsKey(name) || aliasOf(name).isPresent();
    }

    static Optional<String> aliasOf(String name) {
        return Optional.ofNullable(switch (name) {
            case "avail" -> "available";
            case "refer" -> "referenced";
            case "compress" -> "compression";
            case "recsize" -> "recordsize";
            case "rdonly" -> "readonly";
            case "reserv" -> "reservation";
            case "refreserv" -> "refreservation";
            default -> null;
        });
    }

    static String canonical(String name) {
        return aliasOf(name).orElse(name);
    }

    /** Why {@code name=value} cannot be set, as libzfs words it after {@code "cannot ... 'X': "}; empty if fine. */
    static Optional<String> check(String name, String value) {
        if (isUser(name)) {
            if (!name.matches("[a-z0-9:._-]{1,256}")) {
                return Optional.of("invalid property '" + name + "'");
            }
            if (value.length() > 8192) {
                return Optional.of("property value too long");
            }
            return Optional.empty();
        }
        String p = canonical(name);
        if (READ_ONLY.contains(p)) {
            return Optional.of("'" + p + "' is readonly");
        }
        if (!DEFAULTS.containsKey(p)) {
            return Optional.of("invalid property '" + name + "'");
        }
        String choices = CHOICES.get(p);
        if (choices != null) {
            return allowed(p, value) ? Optional.empty()
                    : Optional.of("'" + p + "' must be one of '" + choices + "'");
        }
        return switch (p) {
            case "recordsize" -> {
                Optional<Long> n = bytes(value);
                yield n.isPresent() && n.get() >= 512 && n.get() <= (16L << 20) && Long.bitCount(n.get()) == 1
                        ? Optional.empty()
                        : Optional.of("'recordsize' must be power of 2 from 512B to 16M");
            }
            case "quota", "refquota", "reservation", "refreservation" ->
                    value.equals("none") || bytes(value).isPresent() ? Optional.empty()
                            : Optional.of("bad numeric value '" + value + "'");
            case "special_small_blocks" -> bytes(value).isPresent() ? Optional.empty()
                    : Optional.of("bad numeric value '" + value + "'");
            case "mountpoint" -> value.equals("none") || value.equals("legacy") || value.startsWith("/")
                    ? Optional.empty()
                    : Optional.of("'mountpoint' must be an absolute path, 'none', or 'legacy'");
            default -> Optional.empty();
        };
    }

    private static boolean allowed(String p, String v) {
        return switch (p) {
            case "compression" -> v.matches("on|off|lzjb|gzip|gzip-[1-9]|zle|lz4|zstd|zstd-([1-9]|1[0-9])|zstd-fast"
                    + "|zstd-fast-([1-9]|10|[2-9]0|100|500|1000)");
            case "dedup" -> v.matches("on|off|verify|(sha256|sha512|skein|blake3)(,verify)?|edonr,verify");
            default -> List.of(CHOICES.get(p).split(" \\| ")).contains(v);
        };
    }

    /** A size such as {@code 128K}, {@code 1M}, {@code 4096}, in bytes. */
    static Optional<Long> bytes(String s) {
        var m = SIZE.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        int shift = switch (m.group(3).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            case "P" -> 50;
            case "E" -> 60;
            default -> 0;
        };
        return Optional.of((long) (n * (1L << shift)));
    }

    /** ZFS's human size: {@code 0}, {@code 512}, {@code 1.50K}, {@code 90.7M} (three significant digits). */
    static String human(long n) {
        if (n < 1024) {
            return Long.toString(n);
        }
        String units = "KMGTPE";
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        String digits = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return digits + units.charAt(u);
    }
}
