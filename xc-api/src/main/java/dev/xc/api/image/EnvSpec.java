package dev.xc.api.image;

import java.util.Objects;
import java.util.Optional;

/**
 * What an image says about one environment variable it reads: a description for {@code xc image describe}, whether
 * a run must supply it, and a default used when the run does not. Before a run, a required variable with neither a
 * supplied value nor a default stops the run ({@code missing required environment variable}).
 *
 * <p>{@snippet :
 * EnvSpec password = EnvSpec.required("password of the database");
 * EnvSpec port = EnvSpec.withDefault("80");
 * }
 *
 * @param description what the variable means, for people
 * @param required whether a run must supply a value (or the image a default)
 * @param defaultValue the value used when the run supplies none
 */
public record EnvSpec(Optional<String> description, boolean required, Optional<String> defaultValue) {

    public EnvSpec {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }

    /** A required variable with a description and no default. */
    public static EnvSpec required(String description) {
        return new EnvSpec(Optional.of(description), true, Optional.empty());
    }

    /** An optional variable with a default value. */
    public static EnvSpec withDefault(String defaultValue) {
        return new EnvSpec(Optional.empty(), false, Optional.of(defaultValue));
    }

    /** Whether a run that does not supply this variable cannot start. */
    public boolean mustBeSupplied() {
        return required && defaultValue.isEmpty();
    }
}
