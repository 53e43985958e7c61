package dev.xc.zfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Allowed values of the ZFS properties an image may ask for in a volume hint ({@code zfs.compression=lz4}), from
 * OpenZFS 2.2's {@code zfsprops.7}. Hints are checked here before {@code zfs create} so a bad image fails with a
 * message naming the hint, not with zfs's. Stateless; thread-safe.
 */
final class PropertyRules {

    private PropertyRules() {
    }

    private record Rule(Pattern pattern, String allowed, String example) {
    }

    private static final String ON_OFF = "on|off";
    private static final String SIZE = "\\d+(\\.\\d+)?[KMGTPE]?";

    private static final Map<String, Rule> RULES = rules();

    /** Properties that are never settable from a hint: computed ones, and those xc itself manages. */
    private static final Set<String> FORBIDDEN = Set.of("mountpoint", "jailed", "canmount", "origin", "type",
            "used", "available", "referenced", "creation", "mounted", "name", "clones", "compressratio",
            "createtxg", "guid", "usedbysnapshots", "usedbydataset", "usedbychildren", "written", "encryption",
            "keylocation", "keyformat");

    private static Map<String, Rule> rules() {
        Map<String, Rule> m = new LinkedHashMap<>();
        for (String p : List.of("atime", "relatime", "exec", "setuid", "devices", "readonly")) {
            m.put(p, rule(ON_OFF, "on, off", "off"));
        }
        m.put("compression", rule("on|off|lzjb|gzip|gzip-[1-9]|zle|lz4|zstd|zstd-([1-9]|1[0-9])|zstd-fast"
                        + "|zstd-fast-([1-9]|10|[2-9]0|100|500|1000)",
                "on, off, lzjb, gzip, gzip-1 to gzip-9, zle, lz4, zstd, zstd-1 to zstd-19, zstd-fast, "
                        + "zstd-fast-N (N = 1-10, 20-100 by 10, 500, 1000)", "lz4"));
        m.put("checksum", rule("on|off|fletcher2|fletcher4|sha256|noparity|sha512|skein|edonr|blake3",
                "on, off, fletcher2, fletcher4, sha256, noparity, sha512, skein, edonr, blake3", "sha256"));
        m.put("dedup", rule("on|off|verify|(sha256|sha512|skein|blake3)(,verify)?|edonr,verify",
                "on, off, verify, sha256[,verify], sha512[,verify], skein[,verify], edonr,verify, blake3[,verify]",
                "off"));
        m.put("recordsize", new Rule(Pattern.compile(SIZE), "a power of 2 from 512 to 16M", "128K"));
        m.put("copies", rule("1|2|3", "1, 2, 3", "2"));
        m.put("sync", rule("standard|always|disabled", "standard, always, disabled", "disabled"));
        m.put("logbias", rule("latency|throughput", "latency, throughput", "throughput"));
        m.put("primarycache", rule("all|none|metadata", "all, none, metadata", "metadata"));
        m.put("secondarycache", rule("all|none|metadata", "all, none, metadata", "metadata"));
        m.put("xattr", rule("on|off|dir|sa", "on, off, dir, sa", "sa"));
        m.put("snapdir", rule("hidden|visible", "hidden, visible", "hidden"));
        m.put("redundant_metadata", rule("all|most|some|none", "all, most, some, none", "most"));
        m.put("dnodesize", rule("legacy|auto|1k|2k|4k|8k|16k", "legacy, auto, 1k, 2k, 4k, 8k, 16k", "auto"));
        m.put("acltype", rule("off|nfsv4|posix|noacl|posixacl", "off, nfsv4, posix", "nfsv4"));
        m.put("aclmode", rule("discard|groupmask|passthrough|restricted",
                "discard, groupmask, passthrough, restricted", "passthrough"));
        m.put("aclinherit", rule("discard|noallow|restricted|passthrough|passthrough-x",
                "discard, noallow, restricted, passthrough, passthrough-x", "passthrough"));
        for (String p : List.of("quota", "refquota", "reservation", "refreservation")) {
            m.put(p, new Rule(Pattern.compile("none|" + SIZE), "none or a size such as 10G", "10G"));
        }
        m.put("special_small_blocks", new Rule(Pattern.compile(SIZE), "0 or a power of 2 up to 1M", "64K"));
        return Map.copyOf(m);
    }

    private static Rule rule(String regex, String allowed, String example) {
        return new Rule(Pattern.compile(regex), allowed, example);
    }

    /**
     * The ZFS properties among {@code hints} ({@code zfs.} prefix removed), each checked: the property must be one
     * this ZFS has ({@code available}; user properties with a colon always are), must be settable by an image, and
     * its value must be allowed. Hints without the {@code zfs.} prefix are for other backends and are skipped.
     *
     * @throws XcException {@code INVALID_IMAGE_CONFIG} naming the volume, the hint and the fix
     */
    static Map<String, String> validate(String volume, Map<String, String> hints, Set<String> available) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : hints.entrySet()) {
            if (!e.getKey().startsWith("zfs.")) {
                continue;
            }
            String prop = e.getKey().substring(4);
            String value = e.getValue();
            String hint = "volume hint '" + e.getKey() + "=" + value + "' of volume '" + volume + "'";
            if (prop.isEmpty()) {
                throw bad(hint + " names no ZFS property", "write it as zfs.<property>=<value>, e.g. zfs.atime=off");
            }
            if (prop.contains(":")) {
                if (prop.startsWith("xc:")) {
                    throw bad(hint + " uses the xc: property namespace, which xc keeps for itself",
                            "choose another user property prefix, e.g. zfs.com.example:owner=ci");
                }
                if (!prop.matches("[a-z0-9:._-]{1,256}")) {
                    throw bad(hint + " is not a valid ZFS user property name",
                            "user properties use lower-case letters, digits, ':', '.', '_' and '-'");
                }
                out.put(prop, value);
                continue;
            }
            if (FORBIDDEN.contains(prop)) {
                throw bad(hint + " names '" + prop + "', which an image cannot set",
                        "remove the hint; xc manages '" + prop + "' itself or ZFS computes it");
            }
            if (!available.contains(prop)) {
                throw bad(hint + " names a property this ZFS does not have",
                        "remove the hint, or run on a ZFS that has '" + prop + "' (zfs get all lists them)");
            }
            Rule r = RULES.get(prop);
            if (r != null && (!r.pattern().matcher(value).matches() || !sizeOk(prop, value))) {
                throw bad(hint + " has a value " + prop + " does not allow; allowed: " + r.allowed(),
                        "use one of the allowed values, e.g. zfs." + prop + "=" + r.example());
            }
            out.put(prop, value);
        }
        return out;
    }

    private static boolean sizeOk(String prop, String value) {
        if (!prop.equals("recordsize") && !prop.equals("special_small_blocks")) {
            return true;
        }
        Optional<Long> n = bytes(value);
        if (n.isEmpty()) {
            return false;
        }
        long v = n.get();
        return prop.equals("recordsize") ? v >= 512 && v <= (16L << 20) && Long.bitCount(v) == 1
                : v == 0 || (v >= 512 && v <= (1L << 20) && Long.bitCount(v) == 1);
    }

    static Optional<Long> bytes(String s) {
        var m = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGTPE]?)").matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        int shift = "KMGTPE".indexOf(m.group(2).isEmpty() ? "?" : m.group(2));
        double d = Double.parseDouble(m.group(1)) * (shift < 0 ? 1 : Math.pow(1024, shift + 1));
        return Optional.of((long) d);
    }

    private static XcException bad(String message, String hint) {
        return XcException.invalid(ErrorCode.INVALID_IMAGE_CONFIG, message, hint);
    }
}
