package dev.xc.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standard container defaults of an image config ({@code config} object, PascalCase keys as Docker and OCI
 * write them). Absent and {@code null} keys read as empty.
 */
public record ContainerConfig(List<String> entrypoint, List<String> cmd, List<String> env,
                              Optional<String> workingDir, Optional<String> user, List<String> exposedPorts,
                              List<String> volumes, Map<String, String> labels, Optional<String> stopSignal) {
    public ContainerConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        exposedPorts = List.copyOf(exposedPorts);
        volumes = List.copyOf(volumes);
        labels = ImageJson.ordered(labels);
    }

    /** Reads the standard keys of a {@code config} object. */
    public static ContainerConfig of(ObjectNode c) {
        return new ContainerConfig(strings(c.get("Entrypoint")), strings(c.get("Cmd")), strings(c.get("Env")),
                text(c.get("WorkingDir")), text(c.get("User")), keys(c.get("ExposedPorts")), keys(c.get("Volumes")),
                ImageJson.stringMap(c.get("Labels")), text(c.get("StopSignal")));
    }

    private static Optional<String> text(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? Optional.empty() : Optional.of(n.asText());
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else if (n != null && n.isTextual()) {
            out.add(n.asText());
        }
        return out;
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
        return out;
    }
}
