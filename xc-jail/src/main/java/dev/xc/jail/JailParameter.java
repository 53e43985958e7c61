package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kernel jail parameter with a value of its type, validated against {@link JailParameters}' catalogue when it is
 * made. The text form is jail(8)'s {@code name=value}, which {@link #parse(String)} reads and {@link #toString()}
 * writes back canonically:
 * <ul>
 *   <li>strings and integers: {@code host.hostname=web}, {@code devfs_ruleset=10}, {@code host.hostid=42};</li>
 *   <li>booleans: the bare name for true and its {@code no} form for false ({@code persist}, {@code nopersist},
 *       {@code allow.mount.nozfs}); {@code name=true}/{@code false}/{@code 1}/{@code 0} are read too;</li>
 *   <li>jailsys: {@code vnet=new}, {@code ip4=inherit}, {@code sysvshm=disable}; {@code 0}/{@code 1}/{@code 2} and
 *       the bare name (meaning {@code new}, as libjail reads it) are read too;</li>
 *   <li>address lists: {@code ip4.addr=10.0.0.2,10.0.0.3}, {@code ip6.addr=2001:db8::2}; an empty list
 *       {@code ip4.addr=} means "no IPv4".</li>
 * </ul>
 * {@link #toKernel()} gives the iovec pair (freebsd-facts.md 1.4). Immutable.
 */
public sealed interface JailParameter {

    /** The kernel name. */
    String name();

    /** The catalogue entry. */
    default JailParameterDef definition() {
        return JailParameters.require(name());
    }

    /** The name/value pair as the kernel takes it in {@code jail_set}. */
    KernelParam toKernel();

    /** jailsys values. */
    enum Mode {
        DISABLE(KernelCalls.JAIL_SYS_DISABLE), NEW(KernelCalls.JAIL_SYS_NEW), INHERIT(KernelCalls.JAIL_SYS_INHERIT);

        private final int value;

        Mode(int value) {
            this.value = value;
        }

        /** The int sent to the kernel. */
        public int value() {
            return value;
        }

        /** {@code new}, {@code inherit}, {@code disable}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A string parameter. */
    record Str(String name, String value) implements JailParameter {
        private static final Pattern LINUX_RELEASE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(-.*)?");
        private static final Pattern JAIL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

        public Str {
            JailParameterDef d = checkType(name, JailParameterType.STRING);
            Objects.requireNonNull(value, "value");
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (value.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
                throw invalid(name, value, "contains a control character", name + "=web");
            }
            if (bytes < d.min() || bytes > d.max()) {
                throw invalid(name, value, "must be " + d.min() + " to " + d.max() + " bytes, got " + bytes,
                        name + "=" + (name.equals("path") ? "/jails/web" : "web"));
            }
            switch (name) {
                case "name" -> {
                    if (!JAIL_NAME.matcher(value).matches() || value.chars().allMatch(Character::isDigit)) {
                        throw invalid(name, value, "a jail name is letters, digits, '_' and '-', starts with a "
                                + "letter, digit or '_', is not all digits and has no '.' (a dot names a parent "
                                + "jail)", "name=web-1");
                    }
                }
                case "path" -> {
                    if (!value.startsWith("/")) {
                        throw invalid(name, value, "must be an absolute path", "path=/jails/web");
                    }
                }
                case "linux.osrelease" -> {
                    var m = LINUX_RELEASE.matcher(value);
                    if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
                        throw invalid(name, value, "must look like A.B.C[-suffix] and be at least 1.0.0 "
                                + "(linux.osrelease format error)", "linux.osrelease=5.15.0");
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public KernelParam toKernel() {
            return KernelParam.text(name, value);
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    /** A C int parameter. */
    record Int(String name, int value) implements JailParameter {
        public Int {
            JailParameterDef d = checkType(name, JailParameterType.INT);
            if (value < d.min() || value > d.max()) {
                throw invalid(name, Integer.toString(value), "must be from " + d.min() + " to " + d.max(),
                        name + "=" + d.min());
            }
        }

        @Override
        public KernelParam toKernel() {
            return KernelParam.int32(name, value);
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    /** An unsigned long parameter ({@code host.hostid}). */
    record ULong(String name, long value) implements JailParameter {
        public ULong {
            checkType(name, JailParameterType.ULONG);
            if (value < 0) {
                throw invalid(name, Long.toString(value), "must not be negative", name + "=42");
            }
        }

        @Override
        public KernelParam toKernel() {
            return KernelParam.int64(name, value);
        }

        @Override
        public String toString() {
            return name + "=" + value;
        }
    }

    /** A boolean parameter. */
    record Bool(String name, boolean value) implements JailParameter {
        public Bool {
            checkType(name, JailParameterType.BOOL);
        }

        @Override
        public KernelParam toKernel() {
            return KernelParam.flag(value ? name : negated(name));
        }

        @Override
        public String toString() {
            return value ? name : negated(name);
        }
    }

    /** A jailsys parameter. */
    record JailSys(String name, Mode mode) implements JailParameter {
        public JailSys {
            checkType(name, JailParameterType.JAILSYS);
            Objects.requireNonNull(mode, "mode");
            if (mode == Mode.DISABLE && (name.equals("vnet") || name.equals("host") || name.equals("linux"))) {
                throw invalid(name, "disable", "can only be new or inherit", name + "=new");
            }
        }

        @Override
        public KernelParam toKernel() {
            return KernelParam.int32(name, mode.value());
        }

        @Override
        public String toString() {
            return name + "=" + mode.text();
        }
    }

    /** {@code ip4.addr} or {@code ip6.addr}: the jail's addresses, the first one primary. */
    record Addresses(String name, List<InetAddress> addresses) implements JailParameter {
        public Addresses {
            JailParameterDef d = JailParameters.require(name);
            if (d.type() != JailParameterType.IP4_LIST && d.type() != JailParameterType.IP6_LIST) {
                throw invalid(name, "", "is not an address list", "ip4.addr=10.0.0.2");
            }
            addresses = List.copyOf(addresses);
            boolean v4 = d.type() == JailParameterType.IP4_LIST;
            if (addresses.size() > d.max()) {
                throw invalid(name, addresses.size() + " addresses", "too many " + (v4 ? "IPv4" : "IPv6")
                        + " addresses (at most " + d.max() + ")", name + "=" + (v4 ? "10.0.0.2" : "2001:db8::2"));
            }
            HashSet<InetAddress> seen = new HashSet<>();
            for (InetAddress a : addresses) {
                String text = a.getHostAddress();
                if (v4 != (a instanceof Inet4Address)) {
                    throw invalid(name, text, "is not an " + (v4 ? "IPv4" : "IPv6") + " address",
                            v4 ? "ip4.addr=10.0.0.2" : "ip6.addr=2001:db8::2");
                }
                if (a.isAnyLocalAddress() || text.equals("255.255.255.255")) {
                    throw invalid(name, text, "the kernel refuses the unspecified and the broadcast address",
                            v4 ? "ip4.addr=10.0.0.2" : "ip6.addr=2001:db8::2");
                }
                if (!seen.add(a)) {
                    throw invalid(name, text, "is listed twice", name + "=" + text);
                }
            }
        }

        /** Whether this is {@code ip4.addr}. */
        public boolean ipv4() {
            return name.equals("ip4.addr");
        }

        @Override
        public KernelParam toKernel() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (InetAddress a : addresses) {
                out.writeBytes(a.getAddress());
            }
            return KernelParam.bytes(name, out.toByteArray());
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(name).append('=');
            for (int i = 0; i < addresses.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(addresses.get(i).getHostAddress());
            }
            return sb.toString();
        }
    }

    /**
     * Reads {@code name=value}, a bare boolean ({@code persist}) or its negation ({@code nopersist}).
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} for an unknown or pseudo parameter, a value of the wrong
     *         type or out of range; the message names the parameter and the bad value
     */
    static JailParameter parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return bare(text);
        }
        return parse(text.substring(0, eq), text.substring(eq + 1));
    }

    /**
     * Reads {@code value} as jail(8) would for parameter {@code name}.
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} as {@link #parse(String)}
     */
    static JailParameter parse(String name, String value) {
        JailParameterDef d = JailParameters.lookup(name).orElse(null);
        if (d == null) {
            String positive = positive(name);
            if (!positive.equals(name) && JailParameters.lookup(positive).map(x -> x.type() == JailParameterType.BOOL)
                    .orElse(false)) {
                boolean v = parseBoolean(name, value);
                return new Bool(positive, !v);
            }
            d = JailParameters.require(name);
        }
        return switch (d.type()) {
            case STRING -> new Str(name, value);
            case INT -> new Int(name, (int) parseNumber(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case ULONG -> new ULong(name, parseNumber(name, value, 0, Long.MAX_VALUE));
            case BOOL -> new Bool(name, parseBoolean(name, value));
            case JAILSYS -> new JailSys(name, switch (value) {
                case "new", "1", "" -> Mode.NEW;
                case "inherit", "2" -> Mode.INHERIT;
                case "disable", "0" -> Mode.DISABLE;
                default -> throw invalid(name, value, "must be new, inherit or disable", name + "=new");
            });
            case IP4_LIST, IP6_LIST -> new Addresses(name, addresses(name, value,
                    d.type() == JailParameterType.IP4_LIST));
        };
    }

    private static JailParameter bare(String name) {
        JailParameterDef d = JailParameters.lookup(name).orElse(null);
        if (d != null && d.type() == JailParameterType.BOOL) {
            return new Bool(name, true);
        }
        if (d != null && d.type() == JailParameterType.JAILSYS) {
            return new JailSys(name, Mode.NEW);
        }
        String positive = positive(name);
        if (!positive.equals(name) && JailParameters.lookup(positive).map(x -> x.type() == JailParameterType.BOOL)
                .orElse(false)) {
            return new Bool(positive, false);
        }
        JailParameters.require(name);
        throw invalid(name, "", "needs a value (" + d.type().name().toLowerCase(Locale.ROOT) + ")", name + "=...");
    }

    private static long parseNumber(String name, String value, long min, long max) {
        try {
            long v = Long.parseLong(value);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(name, value, "is not a number", name + "=1");
        }
    }

    private static boolean parseBoolean(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(name, value, "must be true or false", name + "=true");
        };
    }

    private static List<InetAddress> addresses(String name, String value, boolean v4) {
        List<InetAddress> out = new ArrayList<>();
        if (value.isEmpty()) {
            return out;
        }
        for (String part : value.split(",", -1)) {
            try {
                out.add(v4 ? Inet4Address.ofLiteral(part) : Inet6Address.ofLiteral(part));
            } catch (IllegalArgumentException e) {
                throw invalid(name, part, "is not an " + (v4 ? "IPv4" : "IPv6") + " address",
                        v4 ? "ip4.addr=10.0.0.2,10.0.0.3" : "ip6.addr=2001:db8::2");
            }
        }
        return out;
    }

    /** {@code persist} to {@code nopersist}, {@code allow.mount.zfs} to {@code allow.mount.nozfs}. */
    private static String negated(String name) {
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot + 1) + "no" + name.substring(dot + 1);
    }

    /** The inverse of {@link #negated}: {@code allow.nomount} to {@code allow.mount}; other names unchanged. */
    private static String positive(String name) {
        int dot = name.lastIndexOf('.');
        String last = name.substring(dot + 1);
        return last.startsWith("no") && last.length() > 2 ? name.substring(0, dot + 1) + last.substring(2) : name;
    }

    private static JailParameterDef checkType(String name, JailParameterType type) {
        JailParameterDef d = JailParameters.require(name);
        if (d.type() != type) {
            throw invalid(name, "", "is a " + d.type().name().toLowerCase(Locale.ROOT) + " parameter, not "
                    + type.name().toLowerCase(Locale.ROOT), name + "=...");
        }
        return d;
    }

    private static XcException invalid(String name, String value, String problem, String example) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                "invalid jail parameter '" + name + "=" + value + "': " + name + " " + problem,
                "give a valid value, e.g. " + example);
    }
}
