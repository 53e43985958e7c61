package dev.xc.host.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.host.ffi.NativeFunction;
import dev.xc.host.ffi.NativeLinker;
import dev.xc.host.ffi.NativeResult;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The C functions behind pseudo-terminals, bound once through the foreign function API with the constants of the
 * running system (Linux with glibc, or FreeBSD). Every number that differs between the two is here, with its source:
 * <ul>
 *   <li>{@code posix_spawnattr_setflags} flags: glibc {@code <spawn.h>} has {@code POSIX_SPAWN_SETSIGDEF 0x04},
 *       {@code POSIX_SPAWN_SETSIGMASK 0x08}, {@code POSIX_SPAWN_SETSID 0x80} (glibc 2.26 and later); FreeBSD's
 *       {@code include/spawn.h} (2024 main tree) has {@code POSIX_SPAWN_SETSIGDEF 0x10},
 *       {@code POSIX_SPAWN_SETSIGMASK 0x20} and <b>no</b> {@code POSIX_SPAWN_SETSID} at all, which is why FreeBSD
 *       takes the {@code script(1)} route ({@link PtyProcess});</li>
 *   <li>{@code TIOCSWINSZ}/{@code TIOCGWINSZ}: Linux {@code 0x5414}/{@code 0x5413}; FreeBSD
 *       {@code _IOW('t', 103, struct winsize)} = {@code 0x80087467} and {@code _IOR('t', 104, struct winsize)} =
 *       {@code 0x40087468} ({@code sys/sys/ttycom.h} with {@code IOC_IN 0x80000000}, {@code IOC_OUT 0x40000000});</li>
 *   <li>{@code mode_t}: 32 bits on Linux, 16 on FreeBSD; {@code nfds_t}: {@code unsigned long} on Linux,
 *       {@code unsigned int} on FreeBSD; {@code struct termios}, {@code sigset_t}, {@code posix_spawnattr_t} and
 *       {@code posix_spawn_file_actions_t} are treated as opaque memory of a generous size (they are structures on
 *       glibc and single pointers on FreeBSD).</li>
 * </ul>
 * {@code openpty(3)} is in the C library on glibc 2.34 and later, in {@code libutil.so.1} before; on FreeBSD it is
 * in {@code libutil.so.9}. Thread-safe.
 */
final class PtyNative {

    static final boolean FREEBSD = System.getProperty("os.name", "").equals("FreeBSD");

    static final int O_RDWR = 2;
    static final int F_SETFD = 2;
    static final int FD_CLOEXEC = 1;
    static final short POLLIN = 0x1;
    static final short POLLHUP = 0x10;
    static final int EINTR = 4;
    static final long TIOCSWINSZ = FREEBSD ? 0x80087467L : 0x5414L;
    static final long TIOCGWINSZ = FREEBSD ? 0x40087468L : 0x5413L;
    static final short SPAWN_SETSIGDEF = FREEBSD ? (short) 0x10 : (short) 0x04;
    static final short SPAWN_SETSIGMASK = FREEBSD ? (short) 0x20 : (short) 0x08;
    /** glibc only; FreeBSD's posix_spawn has no such flag (see the class comment). */
    static final short SPAWN_SETSID = (short) 0x80;
    static final int TCSANOW = 0;
    static final int TCSAFLUSH = 2;

    /** Bytes set aside for each opaque structure; larger than any of them on either system. */
    static final long OPAQUE = 1024;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private static volatile @Nullable PtyNative instance;

    final NativeFunction openpty;
    final NativeFunction spawnp;
    final NativeFunction faInit;
    final NativeFunction faDestroy;
    final NativeFunction faAddOpen;
    final NativeFunction faAddDup2;
    final Optional<NativeFunction> faAddChdir;
    final NativeFunction attrInit;
    final NativeFunction attrDestroy;
    final NativeFunction attrSetFlags;
    final NativeFunction attrSetSigMask;
    final NativeFunction attrSetSigDefault;
    final NativeFunction sigEmptySet;
    final NativeFunction sigAddSet;
    final NativeFunction waitpid;
    final NativeFunction poll;
    final NativeFunction read;
    final NativeFunction write;
    final NativeFunction close;
    final NativeFunction ioctl;
    final NativeFunction fcntl;
    final NativeFunction isatty;
    final NativeFunction tcgetattr;
    final NativeFunction tcsetattr;
    final NativeFunction cfmakeraw;

    private PtyNative() {
        NativeLinker libc = NativeLinker.system();
        openpty = findOpenpty(libc);
        FunctionDescriptor spawnSig = FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR, PTR);
        spawnp = libc.require("posix_spawnp", spawnSig);
        faInit = libc.require("posix_spawn_file_actions_init", FunctionDescriptor.of(INT, PTR));
        faDestroy = libc.require("posix_spawn_file_actions_destroy", FunctionDescriptor.of(INT, PTR));
        faAddOpen = libc.require("posix_spawn_file_actions_addopen", FunctionDescriptor.of(INT, PTR, INT, PTR, INT,
                FREEBSD ? ValueLayout.JAVA_SHORT : INT));
        faAddDup2 = libc.require("posix_spawn_file_actions_adddup2", FunctionDescriptor.of(INT, PTR, INT, INT));
        faAddChdir = libc.find("posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(INT, PTR, PTR));
        attrInit = libc.require("posix_spawnattr_init", FunctionDescriptor.of(INT, PTR));
        attrDestroy = libc.require("posix_spawnattr_destroy", FunctionDescriptor.of(INT, PTR));
        attrSetFlags = libc.require("posix_spawnattr_setflags",
                FunctionDescriptor.of(INT, PTR, ValueLayout.JAVA_SHORT));
        attrSetSigMask = libc.require("posix_spawnattr_setsigmask", FunctionDescriptor.of(INT, PTR, PTR));
        attrSetSigDefault = libc.require("posix_spawnattr_setsigdefault", FunctionDescriptor.of(INT, PTR, PTR));
        sigEmptySet = libc.require("sigemptyset", FunctionDescriptor.of(INT, PTR));
        sigAddSet = libc.require("sigaddset", FunctionDescriptor.of(INT, PTR, INT));
        waitpid = libc.require("waitpid", FunctionDescriptor.of(INT, INT, PTR, INT));
        poll = libc.require("poll", FunctionDescriptor.of(INT, PTR, FREEBSD ? INT : LONG, INT));
        read = libc.require("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
        write = libc.require("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
        close = libc.require("close", FunctionDescriptor.of(INT, INT));
        ioctl = variadic("ioctl", FunctionDescriptor.of(INT, INT, LONG, PTR), 2);
        fcntl = variadic("fcntl", FunctionDescriptor.of(INT, INT, INT, INT), 2);
        isatty = libc.require("isatty", FunctionDescriptor.of(INT, INT));
        tcgetattr = libc.require("tcgetattr", FunctionDescriptor.of(INT, INT, PTR));
        tcsetattr = libc.require("tcsetattr", FunctionDescriptor.of(INT, INT, INT, PTR));
        cfmakeraw = libc.require("cfmakeraw", FunctionDescriptor.ofVoid(PTR));
    }

    /** The bindings, created on first use. */
    static PtyNative get() {
        PtyNative p = instance;
        if (p == null) {
            synchronized (PtyNative.class) {
                p = instance;
                if (p == null) {
                    p = new PtyNative();
                    instance = p;
                }
            }
        }
        return p;
    }

    private static NativeFunction variadic(String name, FunctionDescriptor d, int firstVariadic) {
        return NativeLinker.system().findVariadic(name, d, firstVariadic).orElseThrow(() -> XcException.of(
                ErrorCode.HOST_UNSUPPORTED, "native function '" + name + "' is not available in the C library",
                "run xc on Linux or FreeBSD"));
    }

    private static NativeFunction findOpenpty(NativeLinker libc) {
        FunctionDescriptor d = FunctionDescriptor.of(INT, PTR, PTR, PTR, PTR, PTR);
        Optional<NativeFunction> f = libc.find("openpty", d);
        if (f.isPresent()) {
            return f.get();
        }
        for (String lib : FREEBSD ? new String[] {"libutil.so.9", "libutil.so"}
                : new String[] {"libutil.so.1", "libutil.so"}) {
            for (Path dir : new Path[] {Path.of("/lib"), Path.of("/usr/lib"), Path.of("/lib64"),
                    Path.of("/usr/lib64"), Path.of("/lib/x86_64-linux-gnu"), Path.of("/usr/lib/x86_64-linux-gnu"),
                    Path.of("/lib/aarch64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu")}) {
                Path p = dir.resolve(lib);
                if (Files.exists(p)) {
                    Optional<NativeFunction> g = NativeLinker.library(p, Arena.global()).find("openpty", d);
                    if (g.isPresent()) {
                        return g.get();
                    }
                }
            }
        }
        throw XcException.of(ErrorCode.HOST_UNSUPPORTED, "openpty(3) is neither in the C library nor in libutil "
                + "on this host", "install the C library's libutil (glibc before 2.34 keeps openpty there)");
    }

    // ------------------------------------------------------------------ small wrappers

    /** Marks {@code fd} close-on-exec so that no other child inherits it. */
    void cloexec(int fd) {
        fcntl.call(fd, F_SETFD, FD_CLOEXEC).orThrow("marking fd " + fd + " close-on-exec");
    }

    void closeQuietly(int fd) {
        if (fd >= 0) {
            close.call(fd);
        }
    }

    /** {@code struct winsize} with {@code rows} and {@code columns} (four unsigned shorts on both systems). */
    static MemorySegment winsize(Arena arena, int columns, int rows) {
        MemorySegment ws = arena.allocate(MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_SHORT));
        ws.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
        ws.set(ValueLayout.JAVA_SHORT, 2, (short) columns);
        return ws;
    }

    /** Sets the window size of the terminal open on {@code fd}. */
    NativeResult setWindowSize(int fd, int columns, int rows) {
        try (Arena arena = Arena.ofConfined()) {
            return ioctl.call(fd, TIOCSWINSZ, winsize(arena, columns, rows));
        }
    }

    /** The window size of the terminal open on {@code fd}: {columns, rows}, or empty when it is not a terminal. */
    Optional<int[]> windowSize(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = winsize(arena, 0, 0);
            NativeResult r = ioctl.call(fd, TIOCGWINSZ, ws);
            if (r.failed()) {
                return Optional.empty();
            }
            return Optional.of(new int[] {Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2)),
                    Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0))});
        }
    }
}
