package dev.xc.jail.internal;

import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.JailSpec;
import dev.xc.api.spi.JailStatus;
import dev.xc.api.spi.NotImplemented;
import dev.xc.api.spi.ProcessSpec;
import dev.xc.api.spi.ProviderContext;

import java.util.List;
import java.util.Optional;

/** The FreeBSD jail runtime. Its system-call bindings are not wired yet: every operation says so. */
public final class FreeBsdJailBackend implements JailRuntime {

    private static final String NAME = "freebsd-jail";

    private final ProviderContext context;

    public FreeBsdJailBackend(ProviderContext context) {
        this.context = context;
    }

    @Override
    public int create(JailSpec spec) {
        throw NotImplemented.of(NAME, "create jail '" + spec.name() + "'");
    }

    @Override
    public Optional<JailStatus> find(String name) {
        throw NotImplemented.of(NAME, "query jails");
    }

    @Override
    public List<JailStatus> list() {
        throw NotImplemented.of(NAME, "list jails");
    }

    @Override
    public void remove(String name) {
        throw NotImplemented.of(NAME, "remove jail '" + name + "'");
    }

    @Override
    public long spawn(String jailName, ProcessSpec process) {
        throw NotImplemented.of(NAME, "start processes in jail '" + jailName + "' on " + context.host().info().osName());
    }
}
