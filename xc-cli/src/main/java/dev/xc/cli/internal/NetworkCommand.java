package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.NetworkInfo;
import dev.xc.api.net.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code xc network}: managed networks. */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = {"Create, list, inspect and remove managed networks (addresses are allocated from them); put "
                + "containers in a network's netgroup."},
        subcommands = {NetworkCommand.Create.class, NetworkCommand.ListNetworks.class, NetworkCommand.Inspect.class,
                NetworkCommand.Remove.class, NetworkCommand.Tag.class})
final class NetworkCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a network. Containers join it with --network NAME or --network 'NAME|ADDRESS'.",
                    "Example: xc network create --alias lo1 --default-router 172.17.0.1 example 172.17.0.0/24"})
    static final class Create extends EngineCommand implements Runnable {
        @Option(names = "--alias", paramLabel = "IFACE",
                description = "Interface that non-VNET containers' addresses are added to as aliases.")
        String alias;
        @Option(names = "--bridge", paramLabel = "IFACE",
                description = "Bridge that VNET containers' epairs join.")
        String bridge;
        @Option(names = "--default-router", paramLabel = "ADDRESS", description = "Default route inside VNET containers.")
        String router;
        @Option(names = "--json", description = "Print the network as JSON.")
        boolean json;
        @Parameters(index = "0", paramLabel = "NAME", description = "Network name (pf table xc:network:NAME).")
        String name;
        @Parameters(index = "1", paramLabel = "SUBNET", description = "CIDR, e.g. 172.17.0.0/24 or fd00:17::/64.")
        String subnet;
        @Parameters(index = "2", arity = "0..1", paramLabel = "START", description = "First address to hand out.")
        String start;
        @Parameters(index = "3", arity = "0..1", paramLabel = "END", description = "Last address to hand out.")
        String end;

        Create(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            NetworkSpec ns = new NetworkSpec(name, Cidr.parse(subnet), Optional.ofNullable(alias),
                    Optional.ofNullable(bridge), Optional.ofNullable(router).map(IpLiteral::parse),
                    Optional.ofNullable(start).map(IpLiteral::parse), Optional.ofNullable(end).map(IpLiteral::parse));
            NetworkInfo info = engine(e -> e.createNetwork(ns));
            print(json ? Json.write(info) : "created network " + info.name() + " " + info.spec().subnet()
                    + " (" + info.capacity() + " addresses)");
        }
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List networks.")
    static final class ListNetworks extends EngineCommand implements Runnable {
        @Mixin
        ListingOptions listing;

        ListNetworks(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<NetworkInfo> all = engine(Engine::networks);
            if (listing.json) {
                printJson(all);
                return;
            }
            Table t = new Table("NAME", "SUBNET", "ALIAS", "BRIDGE", "ROUTER", "USED", "FREE");
            for (NetworkInfo n : all) {
                NetworkSpec s = n.spec();
                t.row(s.name(), s.subnet().toString(), s.aliasInterface().orElse("-"), s.bridgeInterface().orElse("-"),
                        s.defaultRouter().map(IpLiteral::format).orElse("-"), Integer.toString(n.allocated()),
                        Long.toString(n.free()));
            }
            print(t.render(!listing.noHeader));
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show one network as JSON.")
    static final class Inspect extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        JsonAlways jsonAlways;

        Inspect(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            printJson(engine(e -> e.inspectNetwork(name)));
        }
    }

    @Command(name = "remove", aliases = "rm", mixinStandardHelpOptions = true,
            description = "Remove a network (refused while containers use it).")
    static final class Remove extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "NAME")
        String name;

        Remove(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            useEngine(e -> e.removeNetwork(name));
            print("removed network " + name);
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true,
            description = {"Add a container to the netgroup of NETWORK: the group's members find each other by name in "
                    + "/etc/hosts. The container must have an address on NETWORK.",
                    "Example: xc network tag example web"})
    static final class Tag extends EngineCommand implements Runnable {
        @Option(names = "--no-commit", description = "Record the member only; the members' /etc/hosts are rewritten "
                + "by the next tag without --no-commit.")
        boolean noCommit;
        @Parameters(index = "0", paramLabel = "NETWORK", description = "The network whose netgroup the container joins.")
        String network;
        @Parameters(index = "1", paramLabel = "CONTAINER", description = "Container id, name or jail id.")
        String container;

        Tag(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            useEngine(e -> e.tagNetwork(network, container, !noCommit));
            print("added " + container + " to netgroup " + network
                    + (noCommit ? " (hosts files not rewritten yet)" : ""));
        }
    }
}
