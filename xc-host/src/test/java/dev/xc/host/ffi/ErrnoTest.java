package dev.xc.host.ffi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ErrnoTest {

    @ParameterizedTest
    @CsvSource({"1, EPERM, EPERM", "2, ENOENT, ENOENT", "9, EBADF, EBADF", "11, EDEADLK, EAGAIN", "17, EEXIST, EEXIST",
            "22, EINVAL, EINVAL", "35, EAGAIN, EDEADLK", "36, EINPROGRESS, ENAMETOOLONG", "48, EADDRINUSE, errno 48",
            "63, ENAMETOOLONG, errno 63", "78, ENOSYS, errno 78", "98, errno 98, EADDRINUSE",
            "1000, errno 1000, errno 1000"})
    void namesDependOnTheSystem(int errno, String freeBsd, String linux) {
        assertEquals(freeBsd, Errno.freeBsd().name(errno));
        assertEquals(linux, Errno.linux().name(errno));
    }

    @Test
    void numbersByName() {
        assertEquals(OptionalInt.of(35), Errno.freeBsd().number("EAGAIN"));
        assertEquals(OptionalInt.of(11), Errno.linux().number("EAGAIN"));
        assertEquals(OptionalInt.of(63), Errno.freeBsd().number("ENAMETOOLONG"));
        assertEquals(OptionalInt.empty(), Errno.linux().number("ENOTANERROR"));
        assertEquals(OptionalInt.of(22), Errno.forSystem("Windows 11").number("EINVAL"));
        assertEquals(OptionalInt.empty(), Errno.forSystem("Windows 11").number("EAGAIN"));
    }

    @Test
    void tablesAreChosenByOsName() {
        assertSame(Errno.freeBsd(), Errno.forSystem("FreeBSD"));
        assertSame(Errno.linux(), Errno.forSystem("Linux"));
        assertEquals("other", Errno.forSystem("Mac OS X").system());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void describeUsesTheCLibraryText() {
        assertSame(Errno.linux(), Errno.host());
        assertEquals("errno 9 EBADF: Bad file descriptor", Errno.host().describe(9));
        assertEquals("errno 22 EINVAL: Invalid argument", Errno.host().describe(22));
        assertEquals("errno 22 EINVAL", Errno.freeBsd().describe(22), "no strerror for another system's table");
    }
}
