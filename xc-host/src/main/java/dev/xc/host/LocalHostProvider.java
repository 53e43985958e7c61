package dev.xc.host;

import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostProvider;
import dev.xc.api.spi.Support;

import java.nio.file.Path;

/** The {@code "local"} host: this machine, whatever it runs. */
public final class LocalHostProvider implements HostProvider {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Support isSupported() {
        return Support.yes();
    }

    @Override
    public Host create(Path stateDirectory) {
        return LocalHost.create();
    }
}
