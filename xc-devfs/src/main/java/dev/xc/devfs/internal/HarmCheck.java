package dev.xc.devfs.internal;

import dev.xc.api.spi.DevfsFeature;
import dev.xc.api.spi.DevfsFinding;
import dev.xc.devfs.DefaultRulesets;
import dev.xc.devfs.DevfsRule;
import dev.xc.devfs.DevfsRule.DeviceType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which devfs rules are harmful. A rule is harmful when it unhides a dangerous device or changes the owner
 * or mode of one, whether it names it or reaches it through a pattern ({@code path 'n*' unhide} reaches
 * {@code nda0}), a missing path (every node) or a device type; and when it includes a ruleset other than the host's
 * basic ones (1, 2, 3), whose contents are the host's business. {@code hide} rules are never harmful.
 *
 * <p>"Dangerous" is a list of sample device names ({@link #DANGEROUS}) in families: raw disks and disk-like devices,
 * memory and I/O, kernel internals, terminals of the host, packet capture, the firewall, the hypervisor, and the
 * shared tun/tap/nmdm devices. A pattern is tested against each sample name with fnmatch and {@code FNM_PATHNAME}, as
 * the kernel matches it. Families the request asked for (a {@link DevfsFeature}) or that a VNET jail owns ({@code pf})
 * are allowed. Stateless and thread-safe.
 */
public final class HarmCheck {

    /** A family of dangerous devices, and the feature that makes it acceptable. */
    public enum Family {
        DISK("a raw disk or disk-like device"),
        MEMORY("physical or kernel memory, or I/O ports"),
        KERNEL("a kernel control or tracing device"),
        TERMINAL("a terminal or console of the host"),
        CAPTURE("packet capture"),
        FIREWALL("the host's pf firewall"),
        HYPERVISOR("the bhyve hypervisor"),
        TUN("tun interfaces shared with the host"),
        TAP("tap interfaces shared with the host"),
        NMDM("null-modem consoles shared with the host");

        private final String what;

        Family(String what) {
            this.what = what;
        }

        public String what() {
            return what;
        }
    }

    /** A sample device name, its devfs type if it has one, and its family. */
    public record Device(String name, Optional<DeviceType> type, Family family) {
    }

    /** The sample names. Order matters only for the reason shown: the first match is named. */
    public static final List<Device> DANGEROUS = buildList();

    private static List<Device> buildList() {
        List<Device> d = new ArrayList<>();
        for (String n : List.of("ada0", "ada0p1", "ada0s1", "ada0s1a", "da0", "da0p1", "da0s1a", "nda0", "nda0p1",
                "nvd0", "nvd0p1", "nvme0ns1", "md0", "md0p1", "mmcsd0", "mmcsd0s1", "vtbd0", "vtbd0p1", "xbd0",
                "ad0", "cd0", "mfid0", "aacd0", "ggate0", "zvol/tank/vol", "zvol/tank/a/vol", "zvol/tank/a/b/vol",
                "zvol/tank/vol@snap", "gpt/root", "gptid/5e1b2c3d-0000-0000-0000-000000000000",
                "diskid/DISK-S3Z9NB0K123456", "label/data", "ufs/rootfs", "ufsid/5e1b2c3d11223344",
                "iso9660/CDROM", "msdosfs/EFI", "mirror/gm0", "raid/r0")) {
            d.add(new Device(n, Optional.of(DeviceType.DISK), Family.DISK));
        }
        for (String n : List.of("sa0", "nsa0")) {
            d.add(new Device(n, Optional.of(DeviceType.TAPE), Family.DISK));
        }
        for (String n : List.of("nvme0", "pass0", "xpt0", "mfi0", "mrsas0", "geom.ctl", "mdctl", "ugen0.1",
                "usb/0.1.0")) {
            d.add(new Device(n, Optional.empty(), Family.DISK));
        }
        for (String n : List.of("mem", "kmem", "io")) {
            d.add(new Device(n, Optional.of(DeviceType.MEM), Family.MEMORY));
        }
        for (String n : List.of("pci", "cpuctl0", "klog", "ksyms", "devctl", "devctl2", "acpi", "apm", "kbd0",
                "kbdmux0", "sysmouse", "dtrace/dtrace", "audit", "auditpipe", "ctl", "cuse", "efi", "speaker",
                "tcp_log", "netmap", "fido/0", "led/ssd0")) {
            d.add(new Device(n, Optional.empty(), Family.KERNEL));
        }
        d.add(new Device("consolectl", Optional.empty(), Family.TERMINAL));
        for (String n : List.of("console", "ttyv0", "ttyu0", "cuau0", "ttyU0", "cuaU0")) {
            d.add(new Device(n, Optional.of(DeviceType.TTY), Family.TERMINAL));
        }
        for (String n : List.of("bpf", "bpf0", "bpfsdn", "bpf/0")) {
            d.add(new Device(n, Optional.empty(), Family.CAPTURE));
        }
        for (String n : List.of("pf", "pflog", "pfsync")) {
            d.add(new Device(n, Optional.empty(), Family.FIREWALL));
        }
        for (String n : List.of("vmmctl", "vmm/guest0", "vmm.io/guest0.bootrom", "vmm.io/guest0.lpc", "ppt0")) {
            d.add(new Device(n, Optional.empty(), Family.HYPERVISOR));
        }
        for (String n : List.of("tun0", "tun99")) {
            d.add(new Device(n, Optional.empty(), Family.TUN));
        }
        for (String n : List.of("tap0", "tap99", "vmnet0")) {
            d.add(new Device(n, Optional.empty(), Family.TAP));
        }
        for (String n : List.of("nmdm0A", "nmdm0B", "nmdmguest0A")) {
            d.add(new Device(n, Optional.of(DeviceType.TTY), Family.NMDM));
        }
        return List.copyOf(d);
    }

    private HarmCheck() {
    }

    /** The families a request may reach without approval: those of its features, and {@code pf} for VNET. */
    public static Set<Family> allowed(Set<DevfsFeature> features, boolean vnet) {
        EnumSet<Family> a = EnumSet.noneOf(Family.class);
        for (DevfsFeature f : features) {
            switch (f) {
                case USDT -> { }
                case BPF -> a.add(Family.CAPTURE);
                case PF -> a.add(Family.FIREWALL);
                case TUN -> a.add(Family.TUN);
                case TAP -> a.add(Family.TAP);
                case NMDM -> a.add(Family.NMDM);
                case VMM -> a.add(Family.HYPERVISOR);
            }
        }
        if (vnet) {
            a.add(Family.FIREWALL);
        }
        return a;
    }

    /** Why {@code rule} is harmful, or empty when it is not. */
    public static Optional<DevfsFinding> check(DevfsRule rule, Set<Family> allowed) {
        if (rule.include().isPresent()) {
            DevfsRule.RulesetRef ref = rule.include().get();
            int n = switch (ref) {
                case DevfsRule.ByNumber(int num) -> num;
                case DevfsRule.ByName(String name) -> DefaultRulesets.FILE.numbers().getOrDefault(name, -1);
            };
            if (n != DefaultRulesets.HIDE_ALL && n != DefaultRulesets.UNHIDE_BASIC
                    && n != DefaultRulesets.UNHIDE_LOGIN) {
                return Optional.of(new DevfsFinding(rule.toString(), "includes ruleset " + ref
                        + ", whose rules are the host's and may expose anything"));
            }
        }
        if (!rule.grantsAccess()) {
            return Optional.empty();
        }
        for (Device d : DANGEROUS) {
            if (allowed.contains(d.family()) || !reaches(rule, d)) {
                continue;
            }
            String verb = rule.visibility().equals(Optional.of(DevfsRule.Visibility.UNHIDE)) ? "unhides"
                    : "changes the owner or mode of";
            String how = rule.path().isEmpty() ? (rule.types().isEmpty() ? " (it has no path: it matches every node)"
                    : " (it matches every " + typeWords(rule) + " device)")
                    : rule.path().get().equals(d.name()) ? "" : " (the pattern '" + rule.path().get()
                    + "' matches it)";
            return Optional.of(new DevfsFinding(rule.toString(),
                    verb + " " + d.name() + ", " + d.family().what() + how));
        }
        return Optional.empty();
    }

    private static String typeWords(DevfsRule rule) {
        List<String> w = new ArrayList<>();
        for (DeviceType t : DeviceType.values()) {
            if (rule.types().contains(t)) {
                w.add(t.keyword());
            }
        }
        return String.join(" or ", w);
    }

    /** Whether the rule's conditions match the sample device. */
    static boolean reaches(DevfsRule rule, Device d) {
        if (!rule.types().isEmpty() && (d.type().isEmpty() || !rule.types().contains(d.type().get()))) {
            return false;
        }
        return rule.path().isEmpty() || Fnmatch.matches(rule.path().get(), d.name());
    }

    /** Every harmful rule of {@code rules}, in order. */
    public static List<DevfsFinding> check(List<DevfsRule> rules, Set<Family> allowed) {
        List<DevfsFinding> out = new ArrayList<>();
        for (DevfsRule r : rules) {
            check(r, allowed).ifPresent(out::add);
        }
        return List.copyOf(out);
    }
}
