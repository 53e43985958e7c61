package dev.xc.api.spi;

/**
 * A device family a container asks for on the command line (or an embedding program asks for in its request). The
 * devfs backend adds the rules each feature needs to the container's ruleset without asking for approval, because the
 * operator asked for it; a feature also lets the image's own rules reach the devices of that family without approval
 * (an image that unhides {@code bpf*} needs no approval when {@link #BPF} was asked for).
 */
public enum DevfsFeature {
    /** The DTrace helper device ({@code dtrace/helper}, and its directory) so USDT probes register. */
    USDT,
    /** Packet capture: every {@code bpf} device. */
    BPF,
    /** The pf control device {@code pf} (a VNET jail has its own pf and gets it from the base ruleset). */
    PF,
    /** Every {@code tun} device. */
    TUN,
    /** Every {@code tap} device. */
    TAP,
    /** Every null-modem pair {@code nmdm*} (bhyve consoles). */
    NMDM,
    /** The bhyve hypervisor devices: {@code vmmctl}, {@code vmm/*}, {@code vmm.io/*}. */
    VMM
}
