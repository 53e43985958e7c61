package dev.xc.engine.internal.container;

import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.spi.DevfsManager;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.Storage;
import dev.xc.engine.internal.net.Networks;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the container service works with: the host, the backends the engine chose, the engine's state and image
 * lookup. {@code jailsMissing} says why there is no jail runtime when {@code jails} is empty.
 *
 * @param host the host
 * @param storage the storage backend
 * @param jails the jail runtime, if this host has one
 * @param jailsMissing why there is none (the providers' reasons); empty when there is one
 * @param firewall the firewall backend, if any
 * @param devfs the devfs backend, if any
 * @param networks managed networks and address allocation
 * @param store container rows and the journal
 * @param images image lookup by reference ({@code Engine.inspectImage})
 * @param logsDir where process logs are written
 * @param extInterfaces {@code ext_ifs}, the default interfaces of port redirects
 */
public record Context(Host host, Storage storage, Optional<JailRuntime> jails, String jailsMissing,
                      Optional<Firewall> firewall, Optional<DevfsManager> devfs, Networks networks,
                      dev.xc.engine.internal.state.StateStore store, Function<ImageReference, ImageInfo> images,
                      Path logsDir, List<String> extInterfaces) {
    public Context {
        extInterfaces = List.copyOf(extInterfaces);
    }
}
