package dev.xc.jail;

/**
 * The kernel types of jail parameters, as {@code sysctl security.jail.param} declares them and as they travel in a
 * {@code jail_set(2)} iovec (freebsd-facts.md 1.4, 2.1).
 */
public enum JailParameterType {
    /** {@code "A"}: a NUL-terminated string, {@code iov_len = strlen + 1}. */
    STRING,
    /** {@code "I"}: a 4-byte C int. */
    INT,
    /** {@code "LU"}: an 8-byte unsigned long ({@code host.hostid}). */
    ULONG,
    /** {@code "B"}: a boolean, sent as the bare name (true) or its {@code no} form (false) with value {NULL, 0}. */
    BOOL,
    /** {@code "E,jailsys"}: a 4-byte int, 0 disable, 1 new, 2 inherit. */
    JAILSYS,
    /** {@code "S,in_addr,a"}: packed 4-byte {@code struct in_addr} values in network order. */
    IP4_LIST,
    /** {@code "S,in6_addr,a"}: packed 16-byte {@code struct in6_addr} values. */
    IP6_LIST
}
