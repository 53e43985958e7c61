/*
 * A stand-in for FreeBSD's jail_set(2), jail_get(2), jail_remove(2), jail_attach(2), nmount(2) and unmount(2), compiled on Linux by the tests of dev.xc.host.ffi.
 * Each function has the real signature, checks what arrives the way the kernel does (iovec pairs, NUL-terminated
 * names, value sizes per parameter kind, the errmsg buffer), records what it saw in a report the test reads back
 * with fake_last_report(), and fails like the kernel: -1, errno set, and a message in the caller's errmsg buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>

static char report[8192];

const char *fake_last_report(void) { return report; }

static void note(const char *fmt, ...) {
    size_t used = strlen(report);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(report + used, sizeof report - used, fmt, ap);
    va_end(ap);
}

static struct iovec *errmsg_of(struct iovec *iov, unsigned int niov) {
    for (unsigned int i = 0; i + 1 < niov; i += 2) {
        if (iov[i].iov_base != NULL && iov[i].iov_len > 0 && strcmp((const char *) iov[i].iov_base, "errmsg") == 0) {
            return &iov[i + 1];
        }
    }
    return NULL;
}

/* The kernel's done_errmsg: copy the text, truncated to the buffer and NUL-terminated, then fail with err. */
static int fail(struct iovec *iov, unsigned int niov, int err, const char *fmt, ...) {
    struct iovec *em = niov % 2 == 0 ? errmsg_of(iov, niov) : NULL;
    if (em != NULL && em->iov_base != NULL && em->iov_len > 0 && fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf((char *) em->iov_base, em->iov_len, fmt, ap);
        va_end(ap);
    }
    note("|fail=%d", err);
    errno = err;
    return -1;
}

static int is_one_of(const char *name, const char *const *list) {
    for (; *list != NULL; list++) {
        if (strcmp(name, *list) == 0) return 1;
    }
    return 0;
}

static const char *const STRINGS[] = {"name", "path", "host.hostname", "osrelease", "fstype", "fspath", "target",
                                      "from", "ruleset", NULL};
static const char *const INTS[] = {"jid", "devfs_ruleset", "enforce_statfs", "securelevel", "children.max", "vnet",
                                   "ip4", "ip6", "linux", "osreldate", NULL};
static const char *const FLAGS[] = {"persist", "nopersist", "allow.mount", "allow.nomount", "allow.mount.zfs",
                                    "allow.mount.nozfs", "ro", "nocover", NULL};

/* Checks the pairs; returns 0, or the -1 of fail(). Writes name=value;... into the report. */
static int check_pairs(struct iovec *iov, unsigned int niov, int for_get) {
    if (niov % 2 != 0) {
        return fail(iov, niov, EINVAL, NULL);
    }
    for (unsigned int i = 0; i < niov; i += 2) {
        const char *name = (const char *) iov[i].iov_base;
        size_t nlen = iov[i].iov_len;
        if (name == NULL || nlen == 0 || name[nlen - 1] != '\0' || strlen(name) + 1 != nlen) {
            return fail(iov, niov, EINVAL, "name %u is not a NUL-terminated string with iov_len strlen+1", i / 2);
        }
        void *base = iov[i + 1].iov_base;
        size_t len = iov[i + 1].iov_len;
        if (i > 0) note(";");
        if (strcmp(name, "errmsg") == 0) {
            if (base == NULL || len == 0) return fail(iov, niov, EINVAL, "errmsg has no buffer");
            for (size_t k = 0; k < len; k++) {
                if (((char *) base)[k] != 0) return fail(iov, niov, EINVAL, "errmsg buffer not zeroed at %zu", k);
            }
            note("errmsg[%zu]", len);
        } else if (for_get && is_one_of(name, STRINGS) && len > 0 && ((char *) base)[0] == '\0') {
            /* jail_get output buffer for a string: fill it */
            snprintf((char *) base, len, "%s", strcmp(name, "name") == 0 ? "web" : "/jails/web");
            note("%s<-buffer[%zu]", name, len);
        } else if (is_one_of(name, STRINGS)) {
            const char *s = (const char *) base;
            if (s == NULL || len == 0 || s[len - 1] != '\0' || strlen(s) + 1 != len) {
                return fail(iov, niov, EINVAL, "%s is not a NUL-terminated string with iov_len strlen+1", name);
            }
            note("%s=%s", name, s);
        } else if (is_one_of(name, INTS)) {
            if (len != 4 || base == NULL) return fail(iov, niov, EINVAL, "%s must be an int of 4 bytes, got %zu", name, len);
            if (for_get) {
                *(int *) base = 4;
                note("%s<-4", name);
            } else {
                note("%s=%d", name, *(int *) base);
            }
        } else if (strcmp(name, "host.hostid") == 0) {
            if (len != 8) return fail(iov, niov, EINVAL, "host.hostid must be 8 bytes, got %zu", len);
            note("%s=%lu", name, *(unsigned long *) base);
        } else if (is_one_of(name, FLAGS)) {
            if (base != NULL || len != 0) return fail(iov, niov, EINVAL, "%s must be {NULL, 0}", name);
            note("%s", name);
        } else if (strcmp(name, "ip4.addr") == 0) {
            if (len % 4 != 0 || (len > 0 && base == NULL)) return fail(iov, niov, EINVAL, "ip4.addr length %zu", len);
            if (for_get) {
                unsigned char *b = (unsigned char *) base;
                b[0] = 10; b[1] = 0; b[2] = 0; b[3] = 2;
                iov[i + 1].iov_len = 4; /* the kernel rewrites iov_len to the real size */
                note("ip4.addr<-1");
            } else {
                note("ip4.addr=");
                for (size_t k = 0; k < len; k += 4) {
                    unsigned char *a = (unsigned char *) base + k;
                    note("%s%u.%u.%u.%u", k == 0 ? "" : ",", a[0], a[1], a[2], a[3]);
                }
            }
        } else {
            return fail(iov, niov, EINVAL, "unknown parameter: %s", name);
        }
    }
    return 0;
}

static const char *param_string(struct iovec *iov, unsigned int niov, const char *wanted) {
    for (unsigned int i = 0; i + 1 < niov; i += 2) {
        if (strcmp((const char *) iov[i].iov_base, wanted) == 0) return (const char *) iov[i + 1].iov_base;
    }
    return NULL;
}

static int has_param(struct iovec *iov, unsigned int niov, const char *wanted) {
    for (unsigned int i = 0; i + 1 < niov; i += 2) {
        if (strcmp((const char *) iov[i].iov_base, wanted) == 0) return 1;
    }
    return 0;
}

int jail_set(struct iovec *iov, unsigned int niov, int flags) {
    report[0] = '\0';
    note("jail_set:");
    if (check_pairs(iov, niov, 0) != 0) return -1;
    note("|flags=%d", flags);
    if (flags & ~0x0f) return fail(iov, niov, EINVAL, NULL);
    if ((flags & 0x03) == 0) return fail(iov, niov, EINVAL, "no valid operation (create or update)");
    if ((flags & 0x01) && !(flags & 0x04) && !has_param(iov, niov, "persist")) {
        return fail(iov, niov, EINVAL, "new jail must persist or attach");
    }
    const char *name = param_string(iov, niov, "name");
    if (name != NULL && strcmp(name, "existing") == 0) {
        return fail(iov, niov, EEXIST, "jail \"%s\" already exists", name);
    }
    if (name != NULL && strcmp(name, "root-only") == 0) {
        return fail(iov, niov, EPERM, NULL); /* no message: like a missing privilege */
    }
    return 7;
}

int jail_get(struct iovec *iov, unsigned int niov, int flags) {
    report[0] = '\0';
    note("jail_get:");
    if (check_pairs(iov, niov, 1) != 0) return -1;
    note("|flags=%d", flags);
    return 7;
}

int nmount(struct iovec *iov, unsigned int niov, int flags) {
    report[0] = '\0';
    note("nmount:");
    if (check_pairs(iov, niov, 0) != 0) return -1;
    note("|flags=%d", flags);
    if (!has_param(iov, niov, "fstype") || !has_param(iov, niov, "fspath")) {
        return fail(iov, niov, EINVAL, "fstype and fspath are required");
    }
    const char *rs = param_string(iov, niov, "ruleset");
    if (rs != NULL && strcmp(rs, "70000") == 0) {
        return fail(iov, niov, EINVAL, "invalid ruleset specification");
    }
    return 0;
}

/* jail_remove(2): 0 on success; EINVAL for a jail that does not exist (jid 99 here), EPERM for jid 1. */
int jail_remove(int jid) {
    report[0] = '\0';
    note("jail_remove:%d", jid);
    if (jid == 99) { note("|fail=%d", EINVAL); errno = EINVAL; return -1; }
    if (jid == 1) { note("|fail=%d", EPERM); errno = EPERM; return -1; }
    return 0;
}

/* jail_attach(2): never really attaches; EINVAL for jid 99, like a missing or dying jail. */
int jail_attach(int jid) {
    report[0] = '\0';
    note("jail_attach:%d", jid);
    if (jid == 99) { note("|fail=%d", EINVAL); errno = EINVAL; return -1; }
    return 0;
}

/* unmount(2): checks the C string; EINVAL for a path that is not a mount point, EBUSY for /busy without MNT_FORCE. */
int unmount(const char *dir, int flags) {
    report[0] = '\0';
    if (dir == NULL) { errno = EFAULT; return -1; }
    note("unmount:%s|flags=%d", dir, flags);
    if (strcmp(dir, "/not-mounted") == 0) { errno = EINVAL; return -1; }
    if (strcmp(dir, "/busy") == 0 && !(flags & 0x80000)) { errno = EBUSY; return -1; }
    return 0;
}
