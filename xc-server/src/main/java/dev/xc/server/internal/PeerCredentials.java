package dev.xc.server.internal;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * Reads the peer's credentials from a connection: Jetty's UNIX-domain connector hands each accepted
 * {@link SocketChannel} to a {@link SocketChannelEndPoint}; the JDK reads {@code SO_PEERCRED} from it. The user id is
 * taken from the principal: uid 0 when it is the same principal as uid 0 (root, or FreeBSD's toor), the number when
 * the system has no name for it, else the name's entry in {@code /etc/passwd}.
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerCredentials {

    private final Path passwd;

    public PeerCredentials(Path passwd) {
        this.passwd = passwd;
    }

    public PeerCredentials() {
        this(Path.of("/etc/passwd"));
    }

    /** The peer of {@code endPoint}, or {@link Peer#unknown()} when it is not a UNIX-domain socket. */
    public Peer of(EndPoint endPoint) {
        if (endPoint instanceof SocketChannelEndPoint sc) {
            return of(sc.getChannel()).orElse(Peer.unknown());
        }
        return Peer.unknown();
    }

    /** The peer of a connected UNIX-domain channel. */
    public Optional<Peer> of(SocketChannel channel) {
        try {
            UnixDomainPrincipal p = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return Optional.of(peer(p.user()));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    Peer peer(UserPrincipal user) {
        String name = user.getName();
        try {
            if (user.equals(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("0"))) {
                return new Peer(0, name);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // fall through to the name
        }
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
            return new Peer(Integer.parseInt(name), name);
        }
        return new Peer(uidOf(name), name);
    }

    /** The uid of {@code name} in the password file, or -1. */
    int uidOf(String name) {
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && f[0].equals(name) && !f[2].isEmpty() && f[2].chars().allMatch(Character::isDigit)
                        && f[2].length() < 10) {
                    return Integer.parseInt(f[2]);
                }
            }
        } catch (IOException e) {
            // no password file: the name alone identifies the user
        }
        return -1;
    }
}
