package dev.xc.testkit.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Loopback helpers shared by the fixtures: the address they bind, free ports, tree removal. */
final class Loopback {

    static final InetAddress ADDRESS = InetAddress.ofLiteral("127.0.0.1");

    private Loopback() {
    }

    static InetSocketAddress anyPort() {
        return new InetSocketAddress(ADDRESS, 0);
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, ADDRESS)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a leftover temporary directory is not worth failing a test for
        }
    }
}
