/**
 * Internals of the devfs backend, not exported: ruleset generation, the harm check, fnmatch, variable expansion, the
 * state file, and the backend that drives devfs(8).
 *
 * <p>Why devfs(8) and not the {@code DEVFSIO_*} ioctls through FFM: the command path is the one FreeBSD documents and
 * keeps stable, it runs through the host's command runner like every other backend (so the simulated host in
 * {@code dev.xc.testkit} checks every call the way FreeBSD would), and its errors arrive as devfs' own messages. The
 * ioctls would save a process per rule, but rulesets are created rarely (once per distinct rule list) and the
 * {@code struct devfs_rule} layout would need a native ABI test of its own. Rules go in argv, one
 * {@code devfs rule -s N add RULENUM ...} per rule, never through a shell or stdin, so patterns are passed unquoted
 * and a blank line can never end the input early.
 */
@NullMarked
package dev.xc.devfs.internal;

import org.jspecify.annotations.NullMarked;
