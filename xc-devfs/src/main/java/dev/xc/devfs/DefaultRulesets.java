package dev.xc.devfs;

import java.util.List;

/**
 * FreeBSD's default devfs rulesets, as {@code /etc/defaults/devfs.rules} defines them upstream: 1
 * {@code devfsrules_hide_all}, 2 {@code devfsrules_unhide_basic}, 3 {@code devfsrules_unhide_login}, 4
 * {@code devfsrules_jail} (1, 2, 3, {@code fuse}, {@code zfs}) and 5 {@code devfsrules_jail_vnet} (1, 2, 3, 4 and
 * {@code pf}). Releases differ in details (older ones also unhide {@code log}); generated rulesets therefore include
 * only 1, 2 and 3 from the host and spell out the rest themselves.
 */
public final class DefaultRulesets {

    /** {@code devfsrules_hide_all}. */
    public static final int HIDE_ALL = 1;
    /** {@code devfsrules_unhide_basic}. */
    public static final int UNHIDE_BASIC = 2;
    /** {@code devfsrules_unhide_login}. */
    public static final int UNHIDE_LOGIN = 3;
    /** {@code devfsrules_jail}. */
    public static final int JAIL = 4;
    /** {@code devfsrules_jail_vnet}. */
    public static final int JAIL_VNET = 5;

    /** The upstream file's text. */
    public static final String TEXT = buildText();

    /** The upstream file, parsed. */
    public static final DevfsRulesFile FILE = DevfsRulesFile.parse(TEXT);

    private DefaultRulesets() {
    }

    private static String buildText() {
        StringBuilder sb = new StringBuilder();
        sb.append("# FreeBSD's /etc/defaults/devfs.rules (upstream)\n");
        sb.append("[devfsrules_hide_all=1]\nadd hide\n\n");
        sb.append("[devfsrules_unhide_basic=2]\n");
        for (String p : List.of("null", "zero", "crypto", "random", "urandom")) {
            sb.append("add path ").append(p).append(" unhide\n");
        }
        sb.append("\n[devfsrules_unhide_login=3]\n");
        for (String kind : List.of("pty", "tty")) {
            for (String s : List.of("p", "q", "r", "s", "P", "Q", "R", "S", "l", "m", "n", "o", "L", "M", "N", "O")) {
                sb.append("add path '").append(kind).append(s).append("*' unhide\n");
            }
        }
        for (String p : List.of("ptmx", "pts", "'pts/*'", "fd", "'fd/*'", "stdin", "stdout", "stderr")) {
            sb.append("add path ").append(p).append(" unhide\n");
        }
        sb.append("\n[devfsrules_jail=4]\n");
        sb.append("add include $devfsrules_hide_all\nadd include $devfsrules_unhide_basic\n");
        sb.append("add include $devfsrules_unhide_login\nadd path fuse unhide\nadd path zfs unhide\n");
        sb.append("\n[devfsrules_jail_vnet=5]\n");
        sb.append("add include $devfsrules_hide_all\nadd include $devfsrules_unhide_basic\n");
        sb.append("add include $devfsrules_unhide_login\nadd include $devfsrules_jail\nadd path pf unhide\n");
        return sb.toString();
    }

    /**
     * The base of a generated container ruleset: {@code include 1}, {@code include 2}, {@code include 3}, then the
     * jail ruleset's own rules ({@code path fuse unhide}, {@code path zfs unhide}) and, for VNET, {@code path pf
     * unhide} (a VNET jail has its own pf instance).
     */
    public static List<DevfsRule> jailBase(boolean vnet) {
        List<DevfsRule> base = new java.util.ArrayList<>(List.of(DevfsRule.include(HIDE_ALL),
                DevfsRule.include(UNHIDE_BASIC), DevfsRule.include(UNHIDE_LOGIN),
                DevfsRule.unhide("fuse"), DevfsRule.unhide("zfs")));
        if (vnet) {
            base.add(DevfsRule.unhide("pf"));
        }
        return List.copyOf(base);
    }
}
