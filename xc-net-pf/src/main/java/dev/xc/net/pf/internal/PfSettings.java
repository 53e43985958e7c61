package dev.xc.net.pf.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.IpAssignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings the pf backend reads from {@code xc.conf} (its {@code backends: {pf: {...}}} section overlays the top
 * level): {@code pfctl} (path of the tool, default {@code /sbin/pfctl}), {@code ext_ifs} (comma-separated external
 * interfaces that redirects without interfaces of their own apply on, e.g. {@code igb0,ixl3}) and {@code rdr_pass}
 * ({@code true} writes {@code rdr pass} so redirected packets skip the filter rules; default {@code false}, as the
 * original xc wrote {@code rdr} and left passing to the administrator's filter rules).
 *
 * @param pfctl absolute path of pfctl
 * @param extIfs the external interfaces, in the order written; may be empty
 * @param rdrPass whether rules are written {@code rdr pass}
 */
public record PfSettings(String pfctl, List<String> extIfs, boolean rdrPass) {

    /** Where FreeBSD installs pfctl. */
    public static final String DEFAULT_PFCTL = "/sbin/pfctl";

    public PfSettings {
        Objects.requireNonNull(pfctl, "pfctl");
        extIfs = List.copyOf(extIfs);
        if (!pfctl.startsWith("/") || pfctl.chars().anyMatch(c -> c <= ' ')) {
            throw XcException.invalid(ErrorCode.INVALID_CONFIG, "invalid pf setting pfctl '" + pfctl
                    + "': it must be an absolute path without spaces", "write it like pfctl: /sbin/pfctl");
        }
        for (String i : extIfs) {
            if (!IpAssignment.isInterfaceName(i)) {
                throw XcException.invalid(ErrorCode.INVALID_CONFIG, "invalid ext_ifs entry '" + i
                        + "': not an interface name", "list interfaces as ifconfig -l shows them, e.g. ext_ifs: igb0,ixl3");
            }
        }
    }

    /** Reads the settings; absent keys take their defaults. */
    public static PfSettings from(Map<String, String> settings) {
        String pfctl = settings.getOrDefault("pfctl", DEFAULT_PFCTL).strip();
        List<String> ifs = new ArrayList<>();
        String ext = settings.getOrDefault("ext_ifs", "").strip();
        if (ext.startsWith("[") && ext.endsWith("]")) {
            ext = ext.substring(1, ext.length() - 1);
        }
        if (!ext.isBlank()) {
            for (String i : ext.split(",", -1)) {
                ifs.add(i.strip());
            }
        }
        String pass = settings.getOrDefault("rdr_pass", "false").strip();
        if (!pass.equals("true") && !pass.equals("false")) {
            throw XcException.invalid(ErrorCode.INVALID_CONFIG, "invalid pf setting rdr_pass '" + pass
                    + "': expected true or false", "write rdr_pass: true or rdr_pass: false");
        }
        return new PfSettings(pfctl, ifs, pass.equals("true"));
    }
}
