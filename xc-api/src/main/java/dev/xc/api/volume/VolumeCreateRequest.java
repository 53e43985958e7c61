package dev.xc.api.volume;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.ImageReference;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request to create a named volume: {@code xc volume create NAME [-i IMAGE -v VOLUME] [-s DEVICE]
 * [-o KEY=VALUE]... DRIVER}.
 *
 * <p>Rules: the name is {@code [A-Za-z0-9][A-Za-z0-9_.-]*}, at most {@value #MAX_NAME_LENGTH} characters
 * ({@link #checkName}); ZFS options ({@link ZfsOption}) need the {@code zfs} driver; a template (an image volume spec
 * whose hints seed the volume) needs both the image and the volume key, or neither; the device, when given, is an
 * absolute path (a directory for {@code directory}, a dataset mount point or name for {@code zfs}).
 *
 * @param name the volume name
 * @param driver how the volume is stored
 * @param device an existing directory or dataset to use instead of creating one
 * @param zfsOptions ZFS properties set at creation, in the order given
 * @param templateImage the image whose volume spec is the template
 * @param templateVolume the key of that volume spec
 */
public record VolumeCreateRequest(String name, VolumeDriver driver, Optional<Path> device,
                                  Map<String, String> zfsOptions, Optional<ImageReference> templateImage,
                                  Optional<String> templateVolume) {

    /** Longest volume name. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public VolumeCreateRequest {
        checkName(name);
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(templateImage, "templateImage");
        Objects.requireNonNull(templateVolume, "templateVolume");
        LinkedHashMap<String, String> opts = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : zfsOptions.entrySet()) {
            ZfsOption o = new ZfsOption(e.getKey(), e.getValue());
            opts.put(o.property(), o.value());
        }
        zfsOptions = Collections.unmodifiableMap(opts);
        if (!zfsOptions.isEmpty() && driver != VolumeDriver.ZFS) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid volume '" + name + "': zfs options ("
                    + String.join(", ", zfsOptions.keySet()) + ") need the zfs driver, not " + driver.id(),
                    "use the zfs driver or drop the -o options");
        }
        if (templateImage.isPresent() != templateVolume.isPresent()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid volume '" + name + "': a template needs "
                            + "both the image (-i) and the volume key (-v); only the "
                            + (templateImage.isPresent() ? "image" : "volume key") + " was given",
                    "pass both -i IMAGE and -v VOLUME, or neither");
        }
        if (device.isPresent() && !device.get().isAbsolute()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid volume '" + name + "': device '"
                    + device.get() + "' is not an absolute path", "write e.g. -s /tank/volumes/data");
        }
    }

    /** A volume with defaults: no device, no options, no template. */
    public static VolumeCreateRequest of(String name, VolumeDriver driver) {
        return new VolumeCreateRequest(name, driver, Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
    }

    /**
     * Turns repeated {@code -o KEY=VALUE} texts into the option map; a property given twice is refused.
     *
     * @throws XcException {@link ErrorCode#INVALID_SYNTAX} naming the bad option
     */
    public static Map<String, String> parseOptions(List<String> texts) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (String t : texts) {
            ZfsOption o = ZfsOption.parse(t);
            if (out.containsKey(o.property())) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "zfs option '" + o.property()
                        + "' is given twice", "keep one -o " + o.property() + "=...");
            }
            out.put(o.property(), o.value());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Checks the volume name syntax described on the class.
     *
     * @return {@code name}
     * @throws XcException {@link ErrorCode#INVALID_NAME} naming the bad name
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!isValidName(name)) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid volume name '" + name + "': use a letter or "
                    + "digit, then letters, digits, '_', '.' or '-', at most " + MAX_NAME_LENGTH + " characters",
                    "pick a name like 'pgdata'");
        }
        return name;
    }

    /** Whether {@code name} is a valid volume name. */
    public static boolean isValidName(String name) {
        return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }
}
