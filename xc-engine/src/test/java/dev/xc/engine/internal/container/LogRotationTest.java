package dev.xc.engine.internal.container;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogRotationTest {

    private final LogRotation rotation = new LogRotation(100, 2, Duration.ofSeconds(1));

    @Test
    void aLargeLogIsCopiedAwayAndTruncatedWhileItsWriterKeepsAppending(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("c1.main.log");
        Path small = dir.resolve("c2.main.log");
        Files.writeString(small, "short\n");
        // the writer holds the file open in append mode, as a container process does
        try (FileOutputStream w = new FileOutputStream(log.toFile(), true)) {
            w.write("a".repeat(150).getBytes(StandardCharsets.US_ASCII));
            w.flush();
            assertEquals(List.of(log), rotation.rotate(dir));
            assertEquals("a".repeat(150), Files.readString(LogRotation.copy(log, 1)));
            assertEquals(0, Files.size(log));

            w.write("after\n".getBytes(StandardCharsets.US_ASCII));
            w.flush();
            assertEquals("after\n", Files.readString(log), "the append lands at the start, no hole");
        }
        assertEquals("short\n", Files.readString(small));
        assertFalse(Files.exists(LogRotation.copy(small, 1)));
    }

    @Test
    void olderCopiesShiftAndTheOldestIsDropped(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("c1.main.log");
        for (String round : List.of("x", "y", "z")) {
            Files.writeString(log, round.repeat(120));
            rotation.rotate(dir);
        }
        assertEquals("z".repeat(120), Files.readString(LogRotation.copy(log, 1)));
        assertEquals("y".repeat(120), Files.readString(LogRotation.copy(log, 2)));
        assertFalse(Files.exists(LogRotation.copy(log, 3)), "keep = 2");
        assertTrue(rotation.rotate(dir).isEmpty(), "an empty log is left alone");
    }

    @Test
    void aMissingDirectoryIsNothingToDoAndBadSettingsAreRefused(@TempDir Path dir) throws IOException {
        assertTrue(rotation.rotate(dir.resolve("none")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new LogRotation(0, 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new LogRotation(1, 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new LogRotation(1, 1, Duration.ZERO));
    }
}
