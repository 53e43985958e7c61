package dev.xc.host.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Names of {@code errno} values. The numbers differ between systems ({@code EAGAIN} is 35 on FreeBSD and 11 on
 * Linux, {@code ENAMETOOLONG} 63 and 36), so each table belongs to one system: {@link #freeBsd()} from FreeBSD's
 * {@code <sys/errno.h>}, {@link #linux()} from Linux's {@code <asm-generic/errno*.h>}, and {@link #host()} for the
 * system this JVM runs on (the values 1 to 34 other than 11 are the same on both and are all a third system gets).
 * Code that checks for a particular error should ask {@code Errno.host().number("ENOENT")} rather than hard-code a
 * number, so it behaves the same against FreeBSD and against a test library on Linux.
 *
 * <p>{@link #describe(int)} adds the C library's own text ({@code strerror}), which is right for the running system
 * whatever the table knows. Immutable and thread-safe.
 */
public final class Errno {

    private static final Map<Integer, String> COMMON = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"), Map.entry(10, "ECHILD"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(15, "ENOTBLK"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"),
            Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
            Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(25, "ENOTTY"),
            Map.entry(26, "ETXTBSY"), Map.entry(27, "EFBIG"), Map.entry(28, "ENOSPC"), Map.entry(29, "ESPIPE"),
            Map.entry(30, "EROFS"), Map.entry(31, "EMLINK"), Map.entry(32, "EPIPE"), Map.entry(33, "EDOM"),
            Map.entry(34, "ERANGE"));

    private static final Map<Integer, String> FREEBSD_ONLY = Map.ofEntries(
            Map.entry(11, "EDEADLK"), Map.entry(35, "EAGAIN"), Map.entry(36, "EINPROGRESS"),
            Map.entry(37, "EALREADY"), Map.entry(38, "ENOTSOCK"), Map.entry(45, "EOPNOTSUPP"),
            Map.entry(47, "EAFNOSUPPORT"), Map.entry(48, "EADDRINUSE"), Map.entry(49, "EADDRNOTAVAIL"),
            Map.entry(60, "ETIMEDOUT"), Map.entry(61, "ECONNREFUSED"), Map.entry(62, "ELOOP"),
            Map.entry(63, "ENAMETOOLONG"), Map.entry(66, "ENOTEMPTY"), Map.entry(78, "ENOSYS"),
            Map.entry(94, "ECAPMODE"));

    private static final Map<Integer, String> LINUX_ONLY = Map.ofEntries(
            Map.entry(11, "EAGAIN"), Map.entry(35, "EDEADLK"), Map.entry(36, "ENAMETOOLONG"),
            Map.entry(38, "ENOSYS"), Map.entry(39, "ENOTEMPTY"), Map.entry(40, "ELOOP"),
            Map.entry(88, "ENOTSOCK"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
            Map.entry(98, "EADDRINUSE"), Map.entry(99, "EADDRNOTAVAIL"), Map.entry(110, "ETIMEDOUT"),
            Map.entry(111, "ECONNREFUSED"), Map.entry(114, "EALREADY"), Map.entry(115, "EINPROGRESS"));

    private static final Errno FREEBSD = new Errno("FreeBSD", FREEBSD_ONLY);
    private static final Errno LINUX = new Errno("Linux", LINUX_ONLY);
    private static final Errno OTHER = new Errno("other", Map.of());
    private static final Object STRERROR_LOCK = new Object();

    private final String system;
    private final Map<Integer, String> names;
    private final Map<String, Integer> numbers;

    private Errno(String system, Map<Integer, String> extra) {
        this.system = system;
        TreeMap<Integer, String> all = new TreeMap<>(COMMON);
        all.putAll(extra);
        this.names = Collections.unmodifiableMap(all);
        TreeMap<String, Integer> byName = new TreeMap<>();
        all.forEach((n, name) -> byName.put(name, n));
        this.numbers = Collections.unmodifiableMap(byName);
    }

    /** FreeBSD's numbering. */
    public static Errno freeBsd() {
        return FREEBSD;
    }

    /** Linux's numbering (generic, as on amd64 and arm64). */
    public static Errno linux() {
        return LINUX;
    }

    /** The numbering of the system this JVM runs on, chosen by {@code os.name}. */
    public static Errno host() {
        return forSystem(System.getProperty("os.name", ""));
    }

    /** The numbering of the system named as {@code os.name} or {@code uname -s} print it. */
    public static Errno forSystem(String osName) {
        return switch (osName) {
            case "FreeBSD" -> FREEBSD;
            case "Linux" -> LINUX;
            default -> OTHER;
        };
    }

    /** The system this table is for: {@code FreeBSD}, {@code Linux} or {@code other}. */
    public String system() {
        return system;
    }

    /** The symbolic name of {@code errno}, e.g. {@code EINVAL}; {@code errno N} when the table does not know it. */
    public String name(int errno) {
        return names.getOrDefault(errno, "errno " + errno);
    }

    /** The number of the symbolic name {@code name} on this system, if the table knows it. */
    public OptionalInt number(String name) {
        Integer n = numbers.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /**
     * {@code errno} for messages: {@code "errno 22 EINVAL: Invalid argument"}, with the C library's {@code strerror}
     * text when this table is the running system's and the function can be called.
     */
    public String describe(int errno) {
        String known = names.containsKey(errno) ? "errno " + errno + " " + names.get(errno) : "errno " + errno;
        if (this != host()) {
            return known;
        }
        return strerror(errno).map(text -> known + ": " + text).orElse(known);
    }

    /** The C library's text for {@code errno} on this host ({@code strerror(3)}), if it can be called. */
    public static Optional<String> strerror(int errno) {
        Optional<MethodHandle> handle = Strerror.HANDLE;
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        synchronized (STRERROR_LOCK) { // strerror may share one buffer between threads
            try {
                MemorySegment text = (MemorySegment) handle.get().invokeExact(errno);
                String s = CStrings.read(text, 256);
                return s.isEmpty() ? Optional.empty() : Optional.of(s);
            } catch (Throwable t) {
                return Optional.empty();
            }
        }
    }

    @Override
    public String toString() {
        return "Errno[" + system + ", " + names.size() + " names]";
    }

    /** Looked up on first use only, so that the tables work without native access. */
    private static final class Strerror {
        static final Optional<MethodHandle> HANDLE = lookup();

        private static Optional<MethodHandle> lookup() {
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("strerror").map(symbol -> linker.downcallHandle(symbol,
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT)));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
