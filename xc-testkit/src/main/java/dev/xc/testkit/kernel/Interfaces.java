package dev.xc.testkit.kernel;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The network interfaces of the simulated host and of its VNET jails: names, the vnet (0 for the host, else the
 * jid) each lives in, up/down, addresses as {@code ADDR/PREFIX}, and bridge members. Interface names are unique
 * per vnet, as on FreeBSD. Thread-safe.
 */
public final class Interfaces {

    /** One interface as {@code ifconfig} would show it. */
    public record Interface(String name, int vnet, boolean up, List<String> addresses, Set<String> members) {
        public Interface {
            addresses = List.copyOf(addresses);
            members = Set.copyOf(members);
        }
    }

    private static final class Mutable {
        String name;
        int vnet;
        boolean up;
        final List<String> addresses = new ArrayList<>();
        final Set<String> members = new LinkedHashSet<>();

        Mutable(String name, int vnet) {
            this.name = name;
            this.vnet = vnet;
        }

        Interface snapshot() {
            return new Interface(name, vnet, up, addresses, members);
        }
    }

    private final TreeMap<String, Mutable> all = new TreeMap<>();
    private final java.util.Map<Integer, String> defaultRoutes = new java.util.HashMap<>();

    /** The default gateway of {@code vnet}, if one is set. */
    public synchronized Optional<String> defaultRoute(int vnet) {
        return Optional.ofNullable(defaultRoutes.get(vnet));
    }

    /** Sets ({@code gateway} non-empty) or deletes the default route; false when that is impossible. */
    public synchronized boolean setDefaultRoute(int vnet, Optional<String> gateway) {
        if (gateway.isEmpty()) {
            return defaultRoutes.remove(vnet) != null;
        }
        return defaultRoutes.putIfAbsent(vnet, gateway.get()) == null;
    }

    /** A host with {@code lo0} (127.0.0.1/8) and {@code em0} (192.0.2.10/24), both up. */
    public static Interfaces standard() {
        Interfaces i = new Interfaces();
        i.add(0, "lo0", true, "127.0.0.1/8");
        i.add(0, "em0", true, "192.0.2.10/24");
        return i;
    }

    private static String key(int vnet, String name) {
        return vnet + "/" + name;
    }

    /** Adds an interface with addresses; used to set up the host. */
    public synchronized void add(int vnet, String name, boolean up, String... cidrs) {
        Mutable m = new Mutable(name, vnet);
        m.up = up;
        m.addresses.addAll(List.of(cidrs));
        all.put(key(vnet, name), m);
    }

    /** Every interface, host first, by name. */
    public synchronized List<Interface> list() {
        return all.values().stream().map(Mutable::snapshot).toList();
    }

    /** The interface {@code name} in {@code vnet}. */
    public synchronized Optional<Interface> get(int vnet, String name) {
        return Optional.ofNullable(all.get(key(vnet, name))).map(Mutable::snapshot);
    }

    /** Names of the interfaces in {@code vnet}, sorted. */
    public synchronized List<String> names(int vnet) {
        return all.values().stream().filter(m -> m.vnet == vnet).map(m -> m.name).sorted().toList();
    }

    /** Whether a host interface has {@code address}. */
    public synchronized boolean hostHas(InetAddress address) {
        String text = address.getHostAddress();
        return all.values().stream().filter(m -> m.vnet == 0)
                .anyMatch(m -> m.addresses.stream().anyMatch(a -> a.substring(0, a.indexOf('/')).equals(text)));
    }

    synchronized void createVnet(int jid) {
        add(jid, "lo0", false);
    }

    synchronized void destroyVnet(int jid) {
        defaultRoutes.remove(jid);
        for (Mutable m : List.copyOf(all.values())) {
            if (m.vnet == jid) {
                all.remove(key(jid, m.name));
                if (!m.name.equals("lo0")) {
                    m.vnet = 0;
                    m.addresses.clear();
                    all.put(key(0, m.name), m);
                }
            }
        }
    }

    /** The interfaces and default routes as plain JSON values, for the persisted simulated host. */
    synchronized java.util.Map<String, Object> exportState() {
        java.util.Map<String, Object> m = new java.util.TreeMap<>();
        List<Object> list = new ArrayList<>();
        for (Mutable x : all.values()) {
            java.util.Map<String, Object> o = new java.util.TreeMap<>();
            o.put("name", x.name);
            o.put("vnet", x.vnet);
            o.put("up", x.up);
            o.put("addresses", List.copyOf(x.addresses));
            o.put("members", List.copyOf(x.members));
            list.add(o);
        }
        m.put("interfaces", list);
        java.util.Map<String, Object> routes = new java.util.TreeMap<>();
        defaultRoutes.forEach((v, g) -> routes.put(Integer.toString(v), g));
        m.put("defaultRoutes", routes);
        return m;
    }

    /** Replaces the interfaces and routes with what {@link #exportState} produced. */
    @SuppressWarnings("unchecked")
    synchronized void importState(java.util.Map<String, Object> state) {
        all.clear();
        for (Object o : (List<Object>) state.get("interfaces")) {
            java.util.Map<String, Object> x = (java.util.Map<String, Object>) o;
            Mutable m = new Mutable((String) x.get("name"), ((Number) x.get("vnet")).intValue());
            m.up = (Boolean) x.get("up");
            m.addresses.addAll((List<String>) x.get("addresses"));
            m.members.addAll((List<String>) x.get("members"));
            all.put(key(m.vnet, m.name), m);
        }
        defaultRoutes.clear();
        ((java.util.Map<String, Object>) state.get("defaultRoutes"))
                .forEach((v, g) -> defaultRoutes.put(Integer.parseInt(v), (String) g));
    }

    /** Sets up/down. */
    public synchronized void setUp(int vnet, String name, boolean up) {
        require(vnet, name).up = up;
    }

    /** Adds an address ({@code ADDR/PREFIX}); with {@code alias} false it replaces the first of its family. */
    public synchronized void addAddress(int vnet, String name, String cidr, boolean alias) {
        Mutable m = require(vnet, name);
        boolean v6 = cidr.contains(":");
        m.addresses.remove(cidr);
        if (!alias) {
            m.addresses.stream().filter(a -> a.contains(":") == v6).findFirst().ifPresent(m.addresses::remove);
        }
        m.addresses.add(cidr);
    }

    /** Removes the address whose host part is {@code address}; false when it has none. */
    public synchronized boolean removeAddress(int vnet, String name, String address) {
        Mutable m = require(vnet, name);
        return m.addresses.removeIf(a -> a.substring(0, a.indexOf('/')).equals(address));
    }

    /** Creates an interface (a clone) in the host vnet. */
    public synchronized void create(String name) {
        add(0, name, false);
    }

    /** Destroys an interface; an epair end takes its other end with it. */
    public synchronized void destroy(int vnet, String name) {
        Mutable m = all.remove(key(vnet, name));
        if (m != null && name.matches("epair\\d+[ab]")) {
            String other = name.substring(0, name.length() - 1) + (name.endsWith("a") ? "b" : "a");
            all.values().removeIf(x -> x.name.equals(other));
        }
        all.values().forEach(x -> x.members.remove(name));
    }

    /** Moves an interface between vnets. */
    public synchronized void move(String name, int from, int to) {
        Mutable m = all.remove(key(from, name));
        m.vnet = to;
        m.addresses.clear();
        m.up = false;
        all.put(key(to, name), m);
    }

    /** Adds or removes a bridge member; false when removing a non-member. */
    public synchronized boolean member(String bridge, String member, boolean add) {
        Mutable b = require(0, bridge);
        return add ? b.members.add(member) : b.members.remove(member);
    }

    private Mutable require(int vnet, String name) {
        Mutable m = all.get(key(vnet, name));
        if (m == null) {
            throw new IllegalStateException("no interface " + name + " in vnet " + vnet);
        }
        return m;
    }
}
