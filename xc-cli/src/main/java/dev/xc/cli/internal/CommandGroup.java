package dev.xc.cli.internal;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of a command that only groups sub-commands ({@code xc volume}, {@code xc network}, ...): run on its own, it
 * prints its usage help and exits with 0.
 */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
