package dev.xc.dtrace;

import dev.xc.api.spi.Tracer;
import dev.xc.api.spi.TracingProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostInfo;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;
import dev.xc.dtrace.internal.DtraceBackend;

/**
 * The {@code "dtrace"} provider: per-container tracing with dwatch(1) and USDT probes.
 */
public final class DtraceProvider implements TracingProvider {

    @Override
    public String name() {
        return "dtrace";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "per-container tracing with dwatch(1) and USDT probes";
    }

    @Override
    public Support isSupported(Host host) {
        HostInfo info = host.info();
        return Support.freeBsdOnly(info).then(() -> info.kernelModules().contains("dtraceall")
                || info.kernelModules().contains("dtrace") ? Support.yes()
                : Support.no("DTrace is not loaded (kldload dtraceall)"));
    }

    @Override
    public Tracer create(ProviderContext context) {
        return new DtraceBackend(context);
    }
}
