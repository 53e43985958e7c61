package dev.xc.dtrace.internal;

import dev.xc.api.spi.Command;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Tracer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracing with dwatch(1): {@code dwatch -j JID ARGS}, {@code -F syscall} when no arguments are given (as the
 * original xc does). USDT needs the jail's devfs to show the helper device and its directory, never
 * {@code dtrace/dtrace} itself.
 */
public final class DtraceBackend implements Tracer {

    private final String dwatch;

    public DtraceBackend(ProviderContext context) {
        this.dwatch = context.setting("dwatch").orElse("/usr/sbin/dwatch");
    }

    @Override
    public Command traceCommand(int jid, List<String> args) {
        if (jid < 1) {
            throw new IllegalArgumentException("jail id must be positive, got " + jid);
        }
        List<String> argv = new ArrayList<>(List.of(dwatch, "-j", Integer.toString(jid)));
        argv.addAll(args.isEmpty() ? List.of("-F", "syscall") : args);
        return Command.of(argv).withTimeout(Duration.ofDays(365));
    }

    @Override
    public List<String> usdtDevfsRules() {
        return List.of("path 'dtrace' unhide", "path 'dtrace/helper' unhide");
    }
}
