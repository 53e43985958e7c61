package dev.xc.host.fs;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The few POSIX calls the JDK does not offer without following symlinks or at all: {@code lchown}, {@code chmod}
 * with set-id bits, {@code mknod}, and extended attributes on the link itself. Calls go through FFM with
 * {@code errno} captured; failures become {@link IOException}s naming the call, the path and the error.
 */
public final class FileCalls {

    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayoutPath.ERRNO);
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = LINUX ? 0x100 : 0x200;

    // Each downcall handle is made when its call is first used (a holder class each): linking one costs a cold JVM
    // several milliseconds, and an unpack uses two or three of these calls, never the extended-attribute ones.
    private static final class Lchown {
        static final MethodHandle H = handle("lchown", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    private static final class Chmod {
        static final MethodHandle H = handle("chmod",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Mknod {
        static final MethodHandle H = handle("mknod", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    }

    private static final class Utimensat {
        static final MethodHandle H = handle("utimensat", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    private static final class Strerror {
        static final MethodHandle H = handle0("strerror",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    }

    /** The extended-attribute calls; Linux only (null elsewhere). */
    private static final class Xattr {
        static final MethodHandle LSET = LINUX ? handle("lsetxattr", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT)) : null;
        static final MethodHandle LLIST = LINUX ? handle("llistxattr", FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG)) : null;
        static final MethodHandle LGET = LINUX ? handle("lgetxattr", FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG)) : null;
    }

    /** File-type bits of {@code st_mode}. */
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;

    private static final class MemoryLayoutPath {
        static final java.lang.foreign.MemoryLayout.PathElement ERRNO =
                java.lang.foreign.MemoryLayout.PathElement.groupElement("errno");
    }

    private FileCalls() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd, CAPTURE);
    }

    private static MethodHandle handle0(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd);
    }

    /** Whether extended attributes of any namespace can be set ({@code lsetxattr} exists). */
    public static boolean xattrsSupported() {
        return LINUX;
    }

    /** {@code lchown(path, uid, gid)}: changes the owner of the entry itself, never of a symlink's target. */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            int rc = (int) Lchown.H.invokeExact(st, cstr(a, path), uid, gid);
            check(rc, st, "lchown", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code chmod(path, mode)} with all twelve permission bits; callers only pass paths that are not symlinks. */
    public static void chmod(Path path, int mode) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            int rc = (int) Chmod.H.invokeExact(st, cstr(a, path), mode & 07777);
            check(rc, st, "chmod", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code mknod(path, type | perm, makedev(major, minor))}; {@code type} is {@link #S_IFIFO}, {@link #S_IFCHR} or {@link #S_IFBLK}. */
    public static void mknod(Path path, int type, int perm, int major, int minor) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            int rc = (int) Mknod.H.invokeExact(st, cstr(a, path), type | (perm & 07777), makedev(major, minor));
            check(rc, st, "mknod", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * {@code utimensat(AT_FDCWD, path, {atime, mtime}, AT_SYMLINK_NOFOLLOW)}: sets the times of the entry itself
     * without opening it (the JDK opens the file, which blocks on a FIFO and follows nothing else).
     */
    public static void lutimes(Path path, java.nio.file.attribute.FileTime atime,
                               java.nio.file.attribute.FileTime mtime) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment ts = a.allocate(ValueLayout.JAVA_LONG, 4);
            java.time.Instant at = atime.toInstant();
            java.time.Instant mt = mtime.toInstant();
            ts.setAtIndex(ValueLayout.JAVA_LONG, 0, at.getEpochSecond());
            ts.setAtIndex(ValueLayout.JAVA_LONG, 1, at.getNano());
            ts.setAtIndex(ValueLayout.JAVA_LONG, 2, mt.getEpochSecond());
            ts.setAtIndex(ValueLayout.JAVA_LONG, 3, mt.getNano());
            int rc = (int) Utimensat.H.invokeExact(st, AT_FDCWD, cstr(a, path), ts, AT_SYMLINK_NOFOLLOW);
            check(rc, st, "utimensat", path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code lsetxattr(path, name, value)}: sets an extended attribute on the entry itself. */
    public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        if (!LINUX) {
            throw new IOException("extended attributes are not supported on this system: cannot set " + name
                    + " on " + path);
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            int rc = (int) Xattr.LSET.invokeExact(st, cstr(a, path), a.allocateFrom(name), v, (long) value.length, 0);
            check(rc, st, "lsetxattr " + name, path);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Every extended attribute of the entry itself, by name in the order the kernel lists them. */
    public static Map<String, byte[]> lgetxattrs(Path path) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!LINUX) {
            return out;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment p = cstr(a, path);
            long n = (long) Xattr.LLIST.invokeExact(st, p, MemorySegment.NULL, 0L);
            check(n < 0 ? -1 : 0, st, "llistxattr", path);
            if (n == 0) {
                return out;
            }
            MemorySegment list = a.allocate(n);
            n = (long) Xattr.LLIST.invokeExact(st, p, list, n);
            check(n < 0 ? -1 : 0, st, "llistxattr", path);
            List<String> names = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (list.get(ValueLayout.JAVA_BYTE, i) == 0) {
                    names.add(new String(list.asSlice(start, i - start).toArray(ValueLayout.JAVA_BYTE),
                            StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            for (String name : names) {
                MemorySegment nm = a.allocateFrom(name);
                long len = (long) Xattr.LGET.invokeExact(st, p, nm, MemorySegment.NULL, 0L);
                check(len < 0 ? -1 : 0, st, "lgetxattr " + name, path);
                MemorySegment buf = a.allocate(Math.max(1, len));
                len = (long) Xattr.LGET.invokeExact(st, p, nm, buf, len);
                check(len < 0 ? -1 : 0, st, "lgetxattr " + name, path);
                out.put(name, buf.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
            }
            return out;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The {@code dev_t} encoding of this operating system. */
    public static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        if (LINUX) {
            return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
        }
        // FreeBSD 12 and later
        return ((ma & 0xffffff00L) << 32) | ((ma & 0xffL) << 8) | ((mi & 0xff00L) << 24) | (mi & 0xffff00ffL);
    }

    /** The major number of a {@code dev_t} ({@code unix:rdev}). */
    public static int major(long dev) {
        if (LINUX) {
            return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
        }
        return (int) (((dev >>> 32) & 0xffffff00L) | ((dev >>> 8) & 0xffL));
    }

    /** The minor number of a {@code dev_t} ({@code unix:rdev}). */
    public static int minor(long dev) {
        if (LINUX) {
            return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
        }
        return (int) (((dev >>> 24) & 0xff00L) | (dev & 0xffff00ffL));
    }

    private static MemorySegment cstr(Arena a, Path p) {
        return a.allocateFrom(p.toString());
    }

    private static void check(long rc, MemorySegment st, String call, Path path) throws IOException {
        if (rc == -1) {
            int errno = (int) ERRNO.get(st, 0L);
            throw new IOException(call + " " + path + ": " + strerror(errno) + " (errno " + errno + ")");
        }
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) Strerror.H.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }
}
