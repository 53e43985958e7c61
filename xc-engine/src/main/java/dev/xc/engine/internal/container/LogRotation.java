package dev.xc.engine.internal.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps container log files bounded. Processes write their logs themselves (opened with {@code O_APPEND}, so they
 * keep writing while no daemon runs), which rules out renaming a log away: the process would go on writing into the
 * renamed file. A log past {@link #maxBytes} is therefore copied to {@code NAME.log.1} (older copies shift to
 * {@code .2} ... up to {@link #keep}; the oldest is dropped) and then truncated in place; the writer's next append
 * lands at the new end. Output written between the copy and the truncation is lost, as with logrotate's
 * {@code copytruncate}. Not for concurrent use on one directory: the engine runs one rotation at a time.
 *
 * @param maxBytes a log larger than this is rotated
 * @param keep how many rotated copies are kept
 * @param every how often {@link Containers} looks
 */
record LogRotation(long maxBytes, int keep, Duration every) {

    /** 16 MiB per log, three older copies, looked at every ten seconds. */
    static final LogRotation DEFAULT = new LogRotation(16L << 20, 3, Duration.ofSeconds(10));

    LogRotation {
        if (maxBytes < 1 || keep < 1 || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("log rotation needs maxBytes >= 1, keep >= 1 and a positive interval");
        }
    }

    /** Rotates every {@code *.log} of {@code dir} that is larger than {@link #maxBytes}; returns those rotated. */
    List<Path> rotate(Path dir) throws IOException {
        List<Path> rotated = new ArrayList<>();
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (NoSuchFileException e) {
            return rotated; // no container has logged yet
        }
        for (Path log : logs) {
            try {
                if (Files.isRegularFile(log) && Files.size(log) > maxBytes) {
                    rotateOne(log);
                    rotated.add(log);
                }
            } catch (NoSuchFileException e) {
                // its container was removed meanwhile
            }
        }
        return rotated;
    }

    private void rotateOne(Path log) throws IOException {
        Files.deleteIfExists(copy(log, keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(copy(log, i))) {
                Files.move(copy(log, i), copy(log, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(log, copy(log, 1), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    /** {@code NAME.log.N}. */
    static Path copy(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }
}
