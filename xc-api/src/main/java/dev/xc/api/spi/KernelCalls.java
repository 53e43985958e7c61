package dev.xc.api.spi;

import java.util.List;

/**
 * The FreeBSD system calls the jail backend needs, as a surface a {@link Host} hands out: {@code jail_set(2)},
 * {@code jail_get(2)}, {@code jail_remove(2)}, {@code nmount(2)} and {@code unmount(2)}. The real implementation in
 * {@code dev.xc.host} calls the C library through the foreign function API; the simulated FreeBSD host of
 * {@code dev.xc.testkit} keeps a jail table and a mount table and applies the kernel's rules. A host without these
 * calls (Linux) returns no {@code KernelCalls} at all ({@link Host#kernel()} is empty).
 *
 * <p>{@code jail_attach(2)} is deliberately absent: it changes the root and credentials of the calling
 * <em>process</em>, so calling it in the JVM would jail the whole daemon. Processes enter a jail through
 * {@code jexec(8)} started by the {@link CommandRunner}.
 *
 * <p>Failures are returned, not thrown: a {@link KernelResult} with {@code errno} and the kernel's {@code errmsg}
 * text, so that callers can tell "no such jail" ({@code ENOENT}) from a real error. Thread-safe.
 *
 * {@snippet :
 * KernelCalls kernel = host.kernel().orElseThrow();
 * int jid = kernel.jailSet(List.of(KernelParam.text("name", "web"), KernelParam.text("path", "/jails/web"),
 *         KernelParam.flag("persist")), KernelCalls.JAIL_CREATE).orThrow("creating jail 'web'").value();
 * }
 */
public interface KernelCalls {

    /** {@code JAIL_CREATE}: create the jail if it does not exist. */
    int JAIL_CREATE = 0x01;
    /** {@code JAIL_UPDATE}: update parameters of an existing jail. */
    int JAIL_UPDATE = 0x02;
    /** {@code JAIL_ATTACH}: attach the caller on creation; never used by xc (it would jail the JVM). */
    int JAIL_ATTACH = 0x04;
    /** {@code JAIL_DYING}: allow getting a dying jail. */
    int JAIL_DYING = 0x08;
    /** {@code JAIL_SET_MASK} of FreeBSD 14. */
    int JAIL_SET_MASK = 0x0f;
    /** {@code JAIL_GET_MASK} of FreeBSD 14. */
    int JAIL_GET_MASK = 0x08;
    /** jailsys value {@code disable}. */
    int JAIL_SYS_DISABLE = 0;
    /** jailsys value {@code new}. */
    int JAIL_SYS_NEW = 1;
    /** jailsys value {@code inherit}. */
    int JAIL_SYS_INHERIT = 2;
    /** The highest jid the kernel hands out. */
    int JAIL_MAX = 999_999;

    /** {@code MNT_RDONLY}. */
    int MNT_RDONLY = 0x1;
    /** {@code MNT_NOEXEC}. */
    int MNT_NOEXEC = 0x4;
    /** {@code MNT_NOSUID}. */
    int MNT_NOSUID = 0x8;
    /** {@code MNT_FORCE} (for {@link #unmount}). */
    int MNT_FORCE = 0x80000;

    /**
     * {@code int jail_set(struct iovec *iov, u_int niov, int flags)}: creates or updates a jail. The callee adds the
     * {@code errmsg} buffer itself.
     *
     * @return the jid, or the failure
     */
    KernelResult jailSet(List<KernelParam> params, int flags);

    /**
     * {@code int jail_get(struct iovec *iov, u_int niov, int flags)}: reads a jail chosen by {@code jid}, {@code name}
     * or {@code lastjid}; every {@link KernelParam.Value.Out} parameter comes back in {@link KernelResult#values()}.
     */
    KernelResult jailGet(List<KernelParam> params, int flags);

    /** {@code int jail_remove(int jid)}: removes the jail and kills its processes. */
    KernelResult jailRemove(int jid);

    /** {@code int nmount(struct iovec *iov, u_int niov, int flags)}: mounts a file system. */
    KernelResult nmount(List<KernelParam> params, int flags);

    /** {@code int unmount(const char *dir, int flags)}: unmounts the file system mounted on {@code dir}. */
    KernelResult unmount(String dir, int flags);
}
