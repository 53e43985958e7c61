package dev.xc.devfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.DevfsFeature;
import dev.xc.api.spi.DevfsFinding;
import dev.xc.api.spi.DevfsRequest;
import dev.xc.devfs.DefaultRulesets;
import dev.xc.devfs.DevfsRule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link DevfsRequest} into the rules of its ruleset: the base jail ruleset, the rules of each feature (in
 * {@link DevfsFeature} order), the image's rules after interpolation, then the container's own devices; a rule that
 * appears twice is kept once, where it first appears. Also judges the image rules. Pure and thread-safe.
 */
public final class RulesetGenerator {

    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9._+,:@-]+(/[A-Za-z0-9._+,:@-]+)*");

    /**
     * A generated ruleset.
     *
     * @param rules every rule, in order
     * @param harmful the harmful image rules
     * @param key identifies the rules: SHA-256 over their canonical text, one rule per line
     */
    public record Generated(List<DevfsRule> rules, List<DevfsFinding> harmful, String key) {
        public Generated {
            rules = List.copyOf(rules);
            harmful = List.copyOf(harmful);
        }

        /** The rules' canonical text. */
        public List<String> texts() {
            return rules.stream().map(DevfsRule::toString).toList();
        }
    }

    private RulesetGenerator() {
    }

    /** The rules a feature adds. */
    public static List<DevfsRule> featureRules(DevfsFeature f) {
        return switch (f) {
            case USDT -> List.of(DevfsRule.unhide("dtrace"), DevfsRule.unhide("dtrace/helper"));
            case BPF -> List.of(DevfsRule.unhide("bpf*"));
            case PF -> List.of(DevfsRule.unhide("pf"));
            case TUN -> List.of(DevfsRule.unhide("tun*"));
            case TAP -> List.of(DevfsRule.unhide("tap*"));
            case NMDM -> List.of(DevfsRule.unhide("nmdm*"));
            case VMM -> List.of(DevfsRule.unhide("vmmctl"), DevfsRule.unhide("vmm"), DevfsRule.unhide("vmm/*"),
                    DevfsRule.unhide("vmm.io"), DevfsRule.unhide("vmm.io/*"));
        };
    }

    /** The image's rules of {@code request}, interpolated and parsed. */
    public static List<DevfsRule> imageRules(DevfsRequest request) {
        List<DevfsRule> out = new ArrayList<>();
        String image = request.imageDigest().map(d -> " of image " + d).orElse("");
        for (String raw : request.imageRules()) {
            String text = EnvInterpolation.expand(raw, request.environment(), "devfs rule '" + raw + "'" + image);
            out.add(DevfsRule.parse(text));
        }
        return List.copyOf(out);
    }

    /** Generates the ruleset of {@code request}. */
    public static Generated generate(DevfsRequest request) {
        Set<DevfsRule> rules = new LinkedHashSet<>(DefaultRulesets.jailBase(request.vnet()));
        for (DevfsFeature f : DevfsFeature.values()) {
            if (request.features().contains(f)) {
                rules.addAll(featureRules(f));
            }
        }
        List<DevfsRule> image = imageRules(request);
        rules.addAll(image);
        for (String dev : request.devices()) {
            if (!DEVICE.matcher(dev).matches() || dev.length() > DevfsRule.MAX_PATTERN_LENGTH) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                        "invalid device name '" + dev + "' for container " + request.owner()
                                + ": a device is a name under /dev without glob characters",
                        "give exact names such as 'tap3' or 'nmdm3A'");
            }
            rules.add(DevfsRule.unhide(dev));
        }
        List<DevfsRule> all = List.copyOf(rules);
        List<DevfsFinding> harmful = HarmCheck.check(image, HarmCheck.allowed(request.features(), request.vnet()));
        return new Generated(all, harmful, key(all));
    }

    static String key(List<DevfsRule> rules) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (DevfsRule r : rules) {
                md.update(r.toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
