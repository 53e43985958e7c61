package dev.xc.server.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The daemon's socket file: made ready before binding, given its mode and group after. Never removes anything but a
 * socket that nobody listens on (the original xc removed whatever was at the path).
 */
public final class SocketFile {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private SocketFile() {
    }

    /**
     * Makes {@code socket} ready to bind: creates its parent directories, removes a stale socket, refuses a live one
     * and anything that is not a socket.
     *
     * @throws XcException {@link ErrorCode#RESOURCE_BUSY} when another daemon answers there or a non-socket file is
     *         in the way; {@link ErrorCode#IO_ERROR} when the directory cannot be made
     */
    public static void prepare(Path socket, Consumer<String> log) {
        try {
            Path parent = socket.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            if (!isSocket(socket)) {
                throw XcException.of(ErrorCode.RESOURCE_BUSY, "cannot listen on " + socket + ": it exists and is "
                                + kind(socket) + ", not a socket; xcd removes nothing but a stale socket",
                        "remove it yourself if it is not needed, or pass another path with --socket PATH");
            }
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                throw XcException.of(ErrorCode.RESOURCE_BUSY, "cannot listen on " + socket
                                + ": another xcd is already listening there",
                        "stop the running xcd first, or pass another path with --socket PATH");
            } catch (IOException refused) {
                // nothing listens: the socket is stale, left by a daemon that did not stop cleanly
                Files.delete(socket);
                log.accept("removed the stale socket " + socket);
            }
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot prepare the socket " + socket + ": " + e,
                    "check the directory's permissions, or pass another path with --socket PATH", List.of(), e);
        }
    }

    /** Whether {@code p} is a UNIX-domain socket (not following links). */
    public static boolean isSocket(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & S_IFMT) == S_IFSOCK;
    }

    private static String kind(Path p) {
        if (Files.isSymbolicLink(p)) {
            return "a symbolic link";
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "a directory";
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "a regular file";
        }
        return "a special file";
    }

    /** The group named {@code name}, checked before the daemon starts. */
    public static GroupPrincipal group(String name) {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "unknown group '" + name + "' for --group",
                    "name an existing group, e.g. --group wheel, or create it with pw groupadd " + name);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot look up group '" + name + "': " + e.getMessage(),
                    "check the group database", List.of(), e);
        }
    }

    /** Gives the bound socket mode 0660 and, when given, its group. */
    public static void protect(Path socket, java.util.Optional<GroupPrincipal> group) {
        try {
            if (group.isPresent()) {
                Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setGroup(group.get());
            }
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot set the mode or group of " + socket + ": " + e,
                    "run xcd as root, or choose a group you belong to", List.of(), e);
        }
    }
}
