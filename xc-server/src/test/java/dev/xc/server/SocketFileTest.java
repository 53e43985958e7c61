package dev.xc.server;

import dev.xc.api.Engine;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.server.internal.SocketFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket file: stale ones are replaced, live ones refused, other files never deleted. */
class SocketFileTest {

    @TempDir
    Path tmp;

    @Test
    void aStaleSocketIsReplacedAndTheNewOneHasMode0660() throws Exception {
        Path sock = tmp.resolve("xc.sock");
        // a socket file nobody listens on: bound, then closed without removing the file
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(sock));
        dead.close();
        assertTrue(SocketFile.isSocket(sock));
        try (Engine e = Daemons.embedded(tmp); XcdServer s = Daemons.serve(e, sock);
             Engine remote = Daemons.remote(sock)) {
            assertEquals(0, remote.networks().size());
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertTrue(Daemons.LOG.contains("removed the stale socket " + sock), Daemons.LOG.toString());
        }
        assertFalse(Files.exists(sock), "a clean stop removes the socket");
    }

    @Test
    void aLiveDaemonIsRefusedAndKeepsServing() {
        Path sock = tmp.resolve("xc.sock");
        try (Engine e = Daemons.embedded(tmp); XcdServer first = Daemons.serve(e, sock)) {
            XcException x = assertThrows(XcException.class, () -> Daemons.serve(e, sock));
            assertEquals(ErrorCode.RESOURCE_BUSY, x.code());
            assertEquals("cannot listen on " + sock + ": another xcd is already listening there", x.getMessage());
            assertEquals("stop the running xcd first, or pass another path with --socket PATH", x.hint());
            try (Engine remote = Daemons.remote(sock)) {
                assertEquals("remote", remote.info().mode(), "the first daemon still answers");
            }
        }
    }

    @Test
    void aRegularFileAtTheSocketPathIsNeverDeleted() throws Exception {
        Path sock = tmp.resolve("xc.sock");
        Files.writeString(sock, "precious");
        try (Engine e = Daemons.embedded(tmp)) {
            XcException x = assertThrows(XcException.class, () -> Daemons.serve(e, sock));
            assertEquals(ErrorCode.RESOURCE_BUSY, x.code());
            assertEquals("cannot listen on " + sock + ": it exists and is a regular file, not a socket; xcd removes "
                    + "nothing but a stale socket", x.getMessage());
        }
        assertEquals("precious", Files.readString(sock));
    }

    @Test
    void aDirectoryOrSymlinkAtTheSocketPathIsRefusedToo() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("dir.sock"));
        Path target = Files.writeString(tmp.resolve("target"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("link.sock"), target);
        try (Engine e = Daemons.embedded(tmp)) {
            assertTrue(assertThrows(XcException.class, () -> Daemons.serve(e, dir)).getMessage()
                    .contains("is a directory, not a socket"));
            assertTrue(assertThrows(XcException.class, () -> Daemons.serve(e, link)).getMessage()
                    .contains("is a symbolic link, not a socket"));
        }
        assertTrue(Files.isDirectory(dir));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("x", Files.readString(target));
    }

    @Test
    void theGroupIsSetAndAnUnknownGroupIsRefusedBeforeBinding() throws Exception {
        Path sock = tmp.resolve("xc.sock");
        try (Engine e = Daemons.embedded(tmp)) {
            XcException x = assertThrows(XcException.class,
                    () -> XcdServer.start(e, sock, Optional.of("no-such-group-xc"), s -> { }));
            assertEquals(ErrorCode.INVALID_ARGUMENT, x.code());
            assertEquals("unknown group 'no-such-group-xc' for --group", x.getMessage());
            assertFalse(Files.exists(sock));
            String group = Files.exists(Path.of("/etc/group")) && Files.readString(Path.of("/etc/group"))
                    .contains("\nnogroup:") ? "nogroup" : "daemon";
            try (XcdServer s = XcdServer.start(e, sock, Optional.of(group), m -> { })) {
                assertEquals(group, Files.readAttributes(sock, java.nio.file.attribute.PosixFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).group().getName());
            }
        }
    }
}
