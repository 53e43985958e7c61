package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Firewall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Port redirects of running containers ({@code xc rdr list|add|remove|show-rules}): each container's rows in the
 * state database ({@code PUBLISH \t DEST \t IF,IF}), loaded into the firewall as one whole set on every change (pf's
 * {@code xc-rdr} anchor). A redirect goes to the container's main address, on the interfaces of its {@code -p} text or
 * else {@code ext_ifs}. Adding checks that no other container (and not this one) publishes an overlapping host port,
 * and that the firewall can write the rule, before anything changes; a firewall that refuses the new set leaves the
 * stored rows as they were. The first redirect of a container that published nothing at run time journals an
 * {@code rdr} step, so its teardown withdraws them like those given to {@code xc run -p}.
 *
 * <p>Thread-safe: changes are serialised on one lock, and each holds the container's lock too, so a teardown in
 * progress and an added redirect never interleave.
 */
public final class Redirects {

    private static final Set<String> ACCEPTING = Set.of("created", "starting", "running");

    private final Context ctx;
    private final ContainerStore store;
    private final Function<String, ContainerStore.Row> resolve;
    private final Function<String, Object> lockOf;
    private final Object lock = new Object();

    Redirects(Context ctx, ContainerStore store, Function<String, ContainerStore.Row> resolve,
              Function<String, Object> lockOf) {
        this.ctx = ctx;
        this.store = store;
        this.resolve = resolve;
        this.lockOf = lockOf;
    }

    /** Every redirect in the database: containers in listing order, each container's in the order added. */
    static List<PortRedirect> all(ContainerStore store) {
        List<PortRedirect> out = new ArrayList<>();
        for (ContainerStore.Row r : store.all()) {
            out.addAll(of(r));
        }
        return out;
    }

    private static List<PortRedirect> of(ContainerStore.Row r) {
        List<PortRedirect> out = new ArrayList<>();
        for (String row : r.redirects()) {
            String[] f = row.split("\t", -1);
            out.add(new PortRedirect(r.id(), PortPublish.parse(f[0]), f[1],
                    f[2].isEmpty() ? List.of() : List.of(f[2].split(","))));
        }
        return out;
    }

    /** The redirects of one container (by id, name or jail id), or of all. */
    public List<PortRedirect> list(Optional<String> container) {
        return container.map(c -> of(resolve.apply(c))).orElseGet(() -> all(store));
    }

    /**
     * The firewall's rule text of {@code redirects}, one line each ({@code xc rdr show-rules}).
     *
     * @throws XcException HOST_UNSUPPORTED without a firewall backend; NOT_IMPLEMENTED when it cannot show rules
     */
    public List<String> rules(List<PortRedirect> redirects) {
        return firewall("show the rules of port redirects").renderRedirects(redirects);
    }

    /**
     * Publishes more ports of a container that has an address.
     *
     * @return the redirects added, in the order given
     * @throws XcException CONTAINER_NOT_FOUND; RESOURCE_BUSY when it is not running or has no address; PORT_IN_USE
     *         for an overlapping host port; INVALID_ARGUMENT when the firewall cannot express a rule;
     *         HOST_UNSUPPORTED without a firewall backend; COMMAND_FAILED when the firewall refuses the set
     */
    public List<PortRedirect> add(String container, List<PortPublish> publish) {
        if (publish.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "no port to publish for " + container,
                    "give at least one -p, e.g. xc rdr add -p 8080:80 " + container);
        }
        ContainerStore.Row row = resolve.apply(container);
        Firewall fw = firewall("publish ports");
        synchronized (lockOf.apply(row.id())) {
            synchronized (lock) {
                row = store.find(row.id()).orElseThrow();
                if (!ACCEPTING.contains(row.state())) {
                    throw XcException.of(ErrorCode.RESOURCE_BUSY, "cannot publish ports of container " + row.name()
                            + ": it is " + row.state(), "start it first, or run a new one with -p");
                }
                if (row.addresses().isEmpty()) {
                    throw XcException.of(ErrorCode.RESOURCE_BUSY, "cannot publish ports of container " + row.name()
                            + ": it has no address to redirect to", "run it with --network NET or --ip IF|ADDR");
                }
                checkFree(row, publish);
                String dest = IpLiteral.format(Containers.parseAddress(row.addresses().getFirst()).address()
                        .address());
                List<PortRedirect> added = new ArrayList<>();
                List<String> rows = new ArrayList<>(row.redirects());
                List<String> published = new ArrayList<>(row.published());
                for (PortPublish p : publish) {
                    List<String> ifs = p.interfaces().isEmpty() ? ctx.extInterfaces() : p.interfaces();
                    added.add(new PortRedirect(row.id(), p, dest, ifs));
                    rows.add(p + "\t" + dest + "\t" + String.join(",", ifs));
                    published.add(p.toString());
                }
                List<PortRedirect> next = new ArrayList<>(all(store));
                next.addAll(added);
                validate(fw, next);
                boolean journaled = store.openEntries(row.id()).stream().anyMatch(e -> e.step().equals("rdr"));
                change(fw, row, rows, published);
                if (!journaled) {
                    long entry = store.journalBegin(row.id(), "rdr", Blueprint.object().put("op", "rdr-remove")
                            .toString());
                    store.journalMark(entry, "done");
                }
                return List.copyOf(added);
            }
        }
    }

    /**
     * Withdraws published ports of a container; each must be published by it exactly as given.
     *
     * @throws XcException CONTAINER_NOT_FOUND; INVALID_ARGUMENT naming a port the container does not publish;
     *         HOST_UNSUPPORTED without a firewall backend; COMMAND_FAILED when the firewall refuses the set
     */
    public void remove(String container, List<PortPublish> publish) {
        ContainerStore.Row row = resolve.apply(container);
        Firewall fw = firewall("withdraw ports");
        synchronized (lockOf.apply(row.id())) {
            synchronized (lock) {
                row = store.find(row.id()).orElseThrow();
                List<PortRedirect> mine = of(row);
                Set<PortPublish> gone = new LinkedHashSet<>(publish);
                for (PortPublish p : gone) {
                    if (mine.stream().noneMatch(r -> r.publish().equals(p))) {
                        throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "container " + row.name()
                                + " does not publish " + p + " (it publishes " + (mine.isEmpty() ? "nothing"
                                : String.join(", ", mine.stream().map(r -> r.publish().toString()).toList())) + ")",
                                "give a -p exactly as xc rdr list " + row.name() + " shows it");
                    }
                }
                List<String> rows = row.redirects().stream()
                        .filter(r -> !gone.contains(PortPublish.parse(r.substring(0, r.indexOf('\t'))))).toList();
                List<String> published = row.published().stream()
                        .filter(p -> !gone.contains(PortPublish.parse(p))).toList();
                change(fw, row, rows, published);
            }
        }
    }

    /** Stores the container's new rows and loads the whole set; puts the rows back when the firewall refuses. */
    private void change(Firewall fw, ContainerStore.Row row, List<String> rows, List<String> published) {
        store.set(row.id(), "redirects", Blueprint.listJson(rows));
        store.set(row.id(), "published", Blueprint.listJson(published));
        try {
            fw.replaceRedirects(all(store));
        } catch (RuntimeException e) {
            store.set(row.id(), "redirects", Blueprint.listJson(row.redirects()));
            store.set(row.id(), "published", Blueprint.listJson(row.published()));
            throw e;
        }
    }

    private void checkFree(ContainerStore.Row row, List<PortPublish> publish) {
        for (int i = 0; i < publish.size(); i++) {
            PortPublish p = publish.get(i);
            for (int k = 0; k < i; k++) {
                if (publish.get(k).overlaps(p)) {
                    throw XcException.of(ErrorCode.PORT_IN_USE, "ports " + publish.get(k) + " and " + p
                            + " overlap", "publish each host port once");
                }
            }
            for (ContainerStore.Row other : store.all()) {
                if (!other.id().equals(row.id()) && !ACCEPTING.contains(other.state())) {
                    continue;
                }
                for (PortRedirect r : of(other)) {
                    if (r.publish().overlaps(p)) {
                        throw XcException.of(ErrorCode.PORT_IN_USE, "port " + p + " is already published by "
                                + "container " + other.name() + " (" + r.publish() + ")", "publish another host port");
                    }
                }
            }
        }
    }

    /** Lets the firewall check the rules it would load, when it can. */
    private static void validate(Firewall fw, List<PortRedirect> rules) {
        try {
            fw.renderRedirects(rules);
        } catch (XcException e) {
            if (e.code() != ErrorCode.NOT_IMPLEMENTED) {
                throw e;
            }
        }
    }

    private Firewall firewall(String what) {
        return ctx.firewall().orElseThrow(() -> XcException.of(ErrorCode.HOST_UNSUPPORTED, "cannot " + what
                + ": no firewall backend is configured", "configure one in xc.conf (firewall: pf) and enable it; "
                + "xc info shows the lines pf.conf needs"));
    }
}
