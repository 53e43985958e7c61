package dev.xc.cli.internal;

import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code xc rdr}: port redirects of running containers, with the original xc's spellings:
 * {@code xc rdr add -p SPEC [-p SPEC]... NAME}, {@code xc rdr list [-H] NAME} (a count line, then one row per
 * redirect), {@code xc rdr show-rules} (every container's), and {@code xc rdr remove -p SPEC... NAME}, which the
 * original did not have. SPEC is the {@code -p} syntax of {@code xc run}.
 */
@Command(name = "rdr", mixinStandardHelpOptions = true,
        description = "List, add and remove port redirects (published ports) of running containers.",
        subcommands = {RdrCommand.ListRdr.class, RdrCommand.Add.class, RdrCommand.Remove.class,
                RdrCommand.ShowRules.class})
final class RdrCommand extends CommandGroup {

    /**
     * The text {@code list} and {@code show-rules} print: unless {@code header} is false, {@code N redirection(s)}
     * and a column header, then one row per redirect (with its container's id when {@code withContainer}).
     */
    static String render(List<PortRedirect> redirects, boolean header, boolean withContainer) {
        Table t = withContainer ? new Table("CONTAINER", "PUBLISH", "DESTINATION", "INTERFACES")
                : new Table("PUBLISH", "DESTINATION", "INTERFACES");
        for (PortRedirect r : redirects) {
            String ifs = r.interfaces().isEmpty() ? "-" : String.join(",", r.interfaces());
            if (withContainer) {
                t.row(r.container(), r.publish().toString(), r.destination(), ifs);
            } else {
                t.row(r.publish().toString(), r.destination(), ifs);
            }
        }
        String rows = t.render(header);
        return header ? redirects.size() + " redirection(s)\n" + rows : rows;
    }

    private static List<PortPublish> parse(List<String> specs) {
        return specs.stream().map(PortPublish::parse).toList();
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
            description = "List the redirects of one container.")
    static final class ListRdr extends EngineCommand implements Runnable {
        @Mixin
        ListingOptions listing;
        @Parameters(paramLabel = "NAME", description = "Container name, id or jail id.")
        String name;

        ListRdr(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<PortRedirect> all = engine(e -> e.redirects(Optional.of(name)));
            String text = listing.json ? Json.write(all) : render(all, !listing.noHeader, false);
            if (!text.isEmpty()) {
                print(text);
            }
        }
    }

    @Command(name = "show-rules", mixinStandardHelpOptions = true,
            description = "List the redirects of every container.")
    static final class ShowRules extends EngineCommand implements Runnable {
        @Mixin
        ListingOptions listing;

        ShowRules(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<PortRedirect> all = engine(e -> e.redirects(Optional.empty()));
            String text = listing.json ? Json.write(all) : render(all, !listing.noHeader, true);
            if (!text.isEmpty()) {
                print(text);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Publish more ports of a running container.", "Example: xc rdr add -p 8080:80 web"})
    static final class Add extends EngineCommand implements Runnable {
        @Option(names = {"-p", "--publish"}, required = true, paramLabel = "SPEC",
                description = "[IF[,IF]|][HOSTADDR[,HOSTADDR]:]HOSTPORT[-END]:PORT[/tcp|udp], repeatable.")
        List<String> publish;
        @Option(names = "--json", description = "Print the redirects added as JSON.")
        boolean json;
        @Parameters(paramLabel = "NAME", description = "Container name, id or jail id.")
        String name;

        Add(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<PortPublish> ports = parse(publish);
            List<PortRedirect> added = engine(e -> e.addRedirects(name, ports));
            print(json ? Json.write(added) : String.join("\n", added.stream().map(r -> "published "
                    + r.publish() + " -> " + r.destination() + " on " + String.join(",", r.interfaces())).toList()));
        }
    }

    @Command(name = "remove", aliases = "rm", mixinStandardHelpOptions = true,
            description = {"Withdraw published ports of a container (each -p as xc rdr list shows it).",
                    "Example: xc rdr remove -p 8080:80 web"})
    static final class Remove extends EngineCommand implements Runnable {
        @Option(names = {"-p", "--publish"}, required = true, paramLabel = "SPEC", description = "Repeatable.")
        List<String> publish;
        @Parameters(paramLabel = "NAME", description = "Container name, id or jail id.")
        String name;

        Remove(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<PortPublish> ports = parse(publish);
            useEngine(e -> e.removeRedirects(name, ports));
            print("withdrew " + String.join(", ", ports.stream().map(Object::toString).toList())
                    + " from " + name);
        }
    }
}
