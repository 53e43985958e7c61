package dev.xc.registry;

import java.util.Objects;

/**
 * What pushing one blob did.
 *
 * @param descriptor the blob
 * @param outcome whether it was already there, mounted from another repository, or uploaded
 */
public record PushedBlob(Descriptor descriptor, Outcome outcome) {

    /** How a blob reached the registry. */
    public enum Outcome { EXISTED, MOUNTED, UPLOADED }

    public PushedBlob {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(outcome, "outcome");
    }
}
