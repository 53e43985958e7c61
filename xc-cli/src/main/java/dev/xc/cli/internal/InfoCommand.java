package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.ProviderInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Map;

/** {@code xc info}: the engine, the host, the backends found and chosen, and the effective configuration. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show the engine version, host facts, backend providers (found, usable, chosen)",
                "and the effective configuration."})
final class InfoCommand extends EngineCommand implements Runnable {

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    InfoCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public void run() {
        EngineInfo info = engine(Engine::info);
        if (json) {
            printJson(info);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("xc " + info.version() + " (" + info.mode() + ")");
        out.println("host: " + info.host().summary());
        out.println();
        out.println("backends:");
        String kind = "";
        for (ProviderInfo p : info.providers()) {
            String k = p.kind().equals(kind) ? "" : p.kind();
            kind = p.kind();
            String state = p.selected() ? "selected" : p.supported() ? "usable" : "unusable: " + p.reason();
            out.printf("  %-9s %-13s %-4d %s%n", k, p.name(), p.priority(), state);
        }
        out.println();
        out.println("configuration:");
        info.configuration().forEach((k, v) -> out.printf("  %-22s %s%n", k, v));
        if (!info.setup().isEmpty()) {
            out.println();
            out.println("setup:");
            info.setup().forEach(l -> out.println("  " + l));
        }
        if (!info.warnings().isEmpty()) {
            out.println();
            out.println("warnings:");
            info.warnings().forEach(w -> out.println("  - " + w));
        }
        out.flush();
    }
}
