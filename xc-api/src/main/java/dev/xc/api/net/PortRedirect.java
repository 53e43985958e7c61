package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.List;
import java.util.Objects;

/**
 * A published port bound to a container address: what {@code xc rdr list} shows and what the firewall renders.
 *
 * @param container the container's id
 * @param publish the user's {@code -p} request
 * @param destination the container address traffic is redirected to
 * @param interfaces the external interfaces the redirect applies on (the request's, else {@code ext_ifs})
 */
public record PortRedirect(String container, PortPublish publish, String destination, List<String> interfaces) {
    public PortRedirect {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(destination, "destination");
        interfaces = List.copyOf(interfaces);
        if (container.isBlank()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "a port redirect needs a container id",
                    "pass the id of the container the port is published for");
        }
        for (String i : interfaces) {
            IpAssignment.checkInterface(i, "redirect interface");
        }
    }
}
