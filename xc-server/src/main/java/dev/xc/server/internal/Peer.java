package dev.xc.server.internal;

import java.util.Objects;

/**
 * The user at the other end of a connection, from the kernel's peer credentials ({@code SO_PEERCRED} on Linux,
 * {@code LOCAL_PEERCRED} on FreeBSD, both through {@code jdk.net.ExtendedSocketOptions.SO_PEERCRED}).
 *
 * @param uid the user id, or {@code -1} when only the name is known (a user missing from the password database)
 * @param user the user name, or the uid as text when the system has no name for it
 */
public record Peer(int uid, String user) {

    public Peer {
        Objects.requireNonNull(user, "user");
        if (uid < -1) {
            throw new IllegalArgumentException("uid must be -1 (unknown) or more, not " + uid);
        }
    }

    /** A connection whose credentials could not be read: it may only read. */
    public static Peer unknown() {
        return new Peer(-1, "unknown");
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /** The key under which this user owns containers: the uid when known, else the name. */
    public String identity() {
        return uid >= 0 ? "uid:" + uid : "user:" + user;
    }

    /** {@code user 'bob' (uid 1001)}, for messages. */
    public String describe() {
        return "user '" + user + "'" + (uid >= 0 ? " (uid " + uid + ")" : "");
    }
}
