package dev.xc.cli.internal;

import dev.xc.api.Engine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Base of the commands that talk to an engine: the command spec picocli injects (picocli fills {@code @Spec} fields
 * declared in superclasses too), the environment {@link XcCommand}'s factory hands to the constructor, and the
 * helpers every command uses to open the engine and print. Subclasses implement {@link Runnable} or
 * {@code Callable<Integer>} and keep a {@code (Map)} or {@code (Map, InputStream)} constructor for the factory.
 *
 * <p>Not thread-safe: picocli makes one instance per command line and runs it on one thread.
 */
abstract class EngineCommand {

    @Spec
    CommandSpec spec;

    /** The environment of the {@code xc} process (the engine flags' defaults, {@code TERM}). */
    final Map<String, String> env;

    EngineCommand(Map<String, String> env) {
        this.env = env;
    }

    /** Runs {@code action} on an engine opened from the engine flags, closes it and returns the result. */
    final <T> T engine(Function<Engine, T> action) {
        return XcCommand.withEngine(spec, env, action);
    }

    /** Runs {@code action} on an engine opened from the engine flags, and closes it. */
    final void useEngine(Consumer<Engine> action) {
        engine(e -> {
            action.accept(e);
            return null;
        });
    }

    /** An engine opened from the engine flags, for a command that makes several calls; the caller closes it. */
    final Engine openEngine() {
        return XcCommand.options(spec).open(env);
    }

    /** Prints one result to the command's standard output. */
    final void print(String text) {
        XcCommand.print(spec, text);
    }

    /** Prints {@code value} as JSON to the command's standard output. */
    final void printJson(Object value) {
        print(Json.write(value));
    }

    /** Prints the command's usage help to its standard output (a command group run without a sub-command). */
    final void usage() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Whether progress may redraw lines: a console, and a {@code TERM} that is set and not {@code dumb}. */
    final boolean liveProgress() {
        return System.console() != null && env.get("TERM") != null && !"dumb".equals(env.get("TERM"));
    }
}
