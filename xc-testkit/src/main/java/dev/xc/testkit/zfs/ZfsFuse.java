package dev.xc.testkit.zfs;

import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.Host;
import dev.xc.host.LocalHost;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real ZFS for tests on Linux: starts the {@code zfs-fuse} daemon (Debian package {@code zfs-fuse}; no systemd
 * needed) unless one already runs, and creates a pool on a sparse 128 MiB file in a temporary directory, mounted
 * under that directory. {@link #close()} destroys the pool and stops the daemon if this fixture started it.
 * Every command goes through {@link LocalHost}'s command runner.
 *
 * <p>zfs-fuse is an old ZFS (pool version 23): it has {@code create}, {@code snapshot}, {@code clone},
 * {@code destroy}, {@code set}, {@code get -p} and {@code list} (without {@code -p}), but no {@code diff} and no
 * {@code jail}; the simulated zfs covers those. Needs root and {@code /dev/fuse}.
 *
 * {@snippet :
 * try (ZfsFuse zfs = ZfsFuse.start(tempDir)) {          // throws Unavailable with the reason
 *     zfs.host().commands().check(Command.of("zfs", "create", zfs.pool() + "/xc"));
 * }
 * }
 *
 * <p>Not thread-safe; one fixture per test class.
 */
public final class ZfsFuse implements AutoCloseable {

    /** Why zfs-fuse cannot run here; tests turn it into a skipped test with this message. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private static final Duration READY = Duration.ofSeconds(15);

    private final Host host;
    private final String pool;
    private final Path mountpoint;
    private final Optional<Long> daemonPid;

    private ZfsFuse(Host host, String pool, Path mountpoint, Optional<Long> daemonPid) {
        this.host = host;
        this.pool = pool;
        this.mountpoint = mountpoint;
        this.daemonPid = daemonPid;
    }

    /**
     * Starts the daemon if needed and creates a pool backed by {@code dir/vdev}.
     *
     * @throws Unavailable when zfs-fuse is not installed, {@code /dev/fuse} is missing, the daemon does not start or
     *         the pool cannot be created; the message says which and how to fix it
     */
    public static ZfsFuse start(Path dir) throws Unavailable {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new Unavailable("zfs-fuse needs /dev/fuse, which this machine does not have");
        }
        Host host = LocalHost.create();
        CommandRunner run = host.commands();
        if (!installed(run)) {
            throw new Unavailable("zfs-fuse is not installed (apt-get install zfs-fuse)");
        }
        Optional<Long> started = Optional.empty();
        if (!run(run, "zpool", "list", "-H").ok()) {
            Path pidFile = dir.resolve("zfs-fuse.pid");
            CommandResult r = run(run, "zfs-fuse", "-p", pidFile.toString());
            if (!r.ok()) {
                throw new Unavailable("the zfs-fuse daemon did not start (exit " + r.exitCode() + "): "
                        + r.stderrText().strip());
            }
            long deadline = System.nanoTime() + READY.toNanos();
            while (!run(run, "zpool", "list", "-H").ok()) {
                if (System.nanoTime() > deadline) {
                    throw new Unavailable("the zfs-fuse daemon started but did not answer within " + READY);
                }
                pause(100);
            }
            try {
                started = Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
            } catch (IOException | NumberFormatException e) {
                throw new Unavailable("the zfs-fuse daemon wrote no usable pid file at " + pidFile);
            }
        }
        String pool = "xcfuse" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path vdev = dir.resolve("vdev");
        Path mnt = dir.resolve("mnt");
        try {
            Files.createDirectories(mnt);
            try (RandomAccessFile f = new RandomAccessFile(vdev.toFile(), "rw")) {
                f.setLength(128L << 20);
            }
        } catch (IOException e) {
            stop(run, started);
            throw new Unavailable("cannot create the pool file " + vdev + ": " + e.getMessage());
        }
        CommandResult r = run(run, "zpool", "create", "-m", mnt.resolve(pool).toString(), pool, vdev.toString());
        if (!r.ok()) {
            stop(run, started);
            throw new Unavailable("zpool create failed under zfs-fuse: " + r.stderrText().strip());
        }
        return new ZfsFuse(host, pool, mnt.resolve(pool), started);
    }

    /** The host whose command runner reaches this ZFS ({@code zfs} and {@code zpool} on PATH). */
    public Host host() {
        return host;
    }

    /** The pool's name ({@code xcfuse<hex>}). */
    public String pool() {
        return pool;
    }

    /** Where the pool's root file system is mounted. */
    public Path mountpoint() {
        return mountpoint;
    }

    /** Whether this fixture started the daemon (and will stop it). */
    public boolean startedDaemon() {
        return daemonPid.isPresent();
    }

    @Override
    public void close() {
        CommandRunner run = host.commands();
        run(run, "zpool", "destroy", "-f", pool);
        stop(run, daemonPid);
    }

    private static boolean installed(CommandRunner run) {
        try {
            run.run(Command.of("zfs-fuse", "--version").withTimeout(Duration.ofSeconds(10)));
            return true;
        } catch (XcException e) {
            return false;
        }
    }

    private static void stop(CommandRunner run, Optional<Long> pid) {
        if (pid.isEmpty()) {
            return;
        }
        String p = Long.toString(pid.get());
        run(run, "kill", p);
        long deadline = System.nanoTime() + READY.toNanos();
        while (run(run, "kill", "-0", p).ok() && System.nanoTime() < deadline) {
            pause(100);
        }
    }

    private static CommandResult run(CommandRunner run, String... argv) {
        return run.run(Command.of(argv).withTimeout(Duration.ofSeconds(60)));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
