package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A ZFS dataset to jail into the container, as {@code xc run -z} takes it: {@code [ENV:]pool/dataset}. With
 * {@code ENV:} the variable {@code ENV} is set to the dataset name inside the container.
 *
 * <p>The dataset is {@code /}-separated components of letters, digits and {@code _ . : -} ({@code .} and {@code ..}
 * alone are not components), at most {@value #MAX_LENGTH} characters; the pool (first component) has no {@code :},
 * so the {@code ENV:} prefix is unambiguous. A leading {@code /} gives {@code invalid dataset path} (a dataset
 * is not a mount point). Snapshots ({@code @}) are not datasets. Examples: {@code zroot/jails/data},
 * {@code DATA:tank/pg}.
 *
 * @param envVar the variable set to the dataset name
 * @param dataset the dataset name
 */
public record DatasetParam(Optional<String> envVar, String dataset) {

    /** Longest dataset name ZFS accepts. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern POOL = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final String SYNTAX = "write [ENV:]pool/dataset, e.g. zroot/jails/data or DATA:zroot/jails/data";

    public DatasetParam {
        Objects.requireNonNull(envVar, "envVar");
        Objects.requireNonNull(dataset, "dataset");
        envVar.ifPresent(e -> Syntax.checkEnvName(e, "dataset variable name"));
        String why = problem(dataset);
        if (why != null) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid dataset path '" + dataset + "': " + why,
                    SYNTAX);
        }
    }

    /** A dataset without a variable. */
    public static DatasetParam of(String dataset) {
        return new DatasetParam(Optional.empty(), dataset);
    }

    /** Parses {@code [ENV:]pool/dataset}. */
    public static DatasetParam parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        Optional<String> env = Optional.empty();
        String ds = text;
        if (colon >= 0 && text.substring(0, colon).indexOf('/') < 0) {
            String name = text.substring(0, colon);
            if (!Syntax.ENV_NAME.matcher(name).matches()) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid dataset path '" + text + "': '" + name
                        + "' is not an environment variable name", SYNTAX);
            }
            env = Optional.of(name);
            ds = text.substring(colon + 1);
        }
        String why = problem(ds);
        if (why != null) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid dataset path '" + text + "': " + why,
                    SYNTAX);
        }
        return new DatasetParam(env, ds);
    }

    private static @Nullable String problem(String ds) {
        if (ds.startsWith("/")) {
            return "a dataset name does not start with '/'";
        }
        if (ds.isEmpty()) {
            return "the dataset name is empty";
        }
        if (ds.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (ds.indexOf('@') >= 0) {
            return "'@' names a snapshot, not a dataset";
        }
        String[] parts = ds.split("/", -1);
        if (!POOL.matcher(parts[0]).matches()) {
            return "pool name '" + parts[0] + "' must start with a letter and contain letters, digits, '_', '.', '-'";
        }
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".") || p.equals("..") || !COMPONENT.matcher(p).matches()) {
                return "component '" + p + "' must be letters, digits, '_', '.', ':' or '-'";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return envVar.map(e -> e + ":" + dataset).orElse(dataset);
    }
}
