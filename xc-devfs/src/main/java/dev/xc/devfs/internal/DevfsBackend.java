package dev.xc.devfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.DevfsApprover;
import dev.xc.api.spi.DevfsFinding;
import dev.xc.api.spi.DevfsLease;
import dev.xc.api.spi.DevfsManager;
import dev.xc.api.spi.DevfsPlan;
import dev.xc.api.spi.DevfsRequest;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.ProviderContext;
import dev.xc.devfs.DefaultRulesets;
import dev.xc.devfs.DevfsRule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The devfs backend. Rulesets are programmed with devfs(8) through the host's command runner, one
 * {@code devfs rule -s N add RULENUM WORDS...} per rule (argv, so no quoting), numbered 100, 200, ... so that a
 * concurrent writer is caught by {@code EEXIST}; removed with {@code devfs rule -s N delset}; the host's rulesets are
 * read with {@code devfs rule showsets} before a number is chosen. Identical rule lists share one ruleset, counted by
 * owner. State (rulesets, owners, approvals per image digest) is kept in {@link StateStore} under the provider's state
 * directory and written after every change.
 *
 * <p>Settings: {@code devfs_id_offset} (first number used, default 1000, 1..65535), {@code force_devfs_ruleset} (use
 * this number and create nothing, as the original xc), {@code devfs} (the program, default {@code /sbin/devfs}).
 *
 * <p>Thread-safe: every operation runs under one lock, host commands included.
 */
public final class DevfsBackend implements DevfsManager {

    /** Rule numbers step by the kernel's auto-numbering step. */
    static final int RULE_STEP = 100;

    private final Host host;
    private final String devfs;
    private final int offset;
    private final Optional<Integer> forced;
    private final StateStore store;
    private final Object lock = new Object();
    private final Map<Integer, StateStore.Entry> rulesets;
    private final Set<Integer> pending;
    private final Map<String, Set<String>> approvals;

    public DevfsBackend(ProviderContext context) {
        this.host = context.host();
        this.devfs = context.setting("devfs").orElse("/sbin/devfs");
        this.offset = number(context, "devfs_id_offset").orElse(1000);
        if (offset < 1) {
            throw XcException.invalid(ErrorCode.INVALID_CONFIG,
                    "devfs setting 'devfs_id_offset' must be from 1 to 65535, found " + offset,
                    "set devfs_id_offset: 1000 in xc.conf");
        }
        this.forced = number(context, "force_devfs_ruleset");
        this.store = new StateStore(context.stateDirectory());
        StateStore.State s = store.load();
        this.rulesets = new TreeMap<>(s.rulesets());
        this.pending = new TreeSet<>(s.pendingRemoval());
        this.approvals = StateStore.copy(s.approvals());
    }

    private static Optional<Integer> number(ProviderContext context, String key) {
        Optional<String> v = context.setting(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String t = v.get().strip();
        if (!t.matches("[0-9]{1,5}") || Integer.parseInt(t) > 65535) {
            throw XcException.invalid(ErrorCode.INVALID_CONFIG,
                    "devfs setting '" + key + "' must be a number from 0 to 65535, found '" + v.get() + "'",
                    "set for example " + key + ": 1000 in xc.conf");
        }
        return Optional.of(Integer.parseInt(t));
    }

    @Override
    public DevfsPlan plan(DevfsRequest request) {
        RulesetGenerator.Generated g = RulesetGenerator.generate(request);
        synchronized (lock) {
            return new DevfsPlan(g.texts(), g.harmful(), unapproved(request, g), existing(g.key()));
        }
    }

    private Optional<Integer> existing(String key) {
        if (forced.isPresent()) {
            return forced;
        }
        return rulesets.values().stream().filter(e -> e.key().equals(key)).map(StateStore.Entry::number)
                .findFirst();
    }

    private List<DevfsFinding> unapproved(DevfsRequest request, RulesetGenerator.Generated g) {
        Set<String> ok = new LinkedHashSet<>();
        request.imageDigest().ifPresent(d -> ok.addAll(approvals.getOrDefault(d, Set.of())));
        for (String r : request.approvedRules()) {
            ok.add(DevfsRule.parse(r).toString());
        }
        return g.harmful().stream().filter(f -> !ok.contains(f.rule())).toList();
    }

    @Override
    public DevfsLease acquire(DevfsRequest request, DevfsApprover approver) {
        RulesetGenerator.Generated g = RulesetGenerator.generate(request);
        synchronized (lock) {
            Optional<StateStore.Entry> held = heldBy(request.owner());
            if (held.isPresent() && !held.get().key().equals(g.key())) {
                throw XcException.of(ErrorCode.NAME_IN_USE,
                        "container " + request.owner() + " already holds devfs ruleset " + held.get().number()
                                + " with other rules",
                        "release the container's ruleset before acquiring a new one");
            }
            List<DevfsFinding> unapproved = unapproved(request, g);
            if (!unapproved.isEmpty()) {
                if (!approver.approve(request, unapproved)) {
                    throw approvalRequired(request, unapproved);
                }
                request.imageDigest().ifPresent(d -> approvals.computeIfAbsent(d, k -> new LinkedHashSet<>())
                        .addAll(unapproved.stream().map(DevfsFinding::rule).toList()));
                save();
            }
            if (held.isPresent()) {
                return new DevfsLease(held.get().number(), request.owner(), held.get().rules(), false);
            }
            if (forced.isPresent()) {
                return share(forcedEntry(g), request.owner(), false);
            }
            retryPending();
            Set<Integer> onHost = showsets();
            Optional<StateStore.Entry> same = rulesets.values().stream().filter(e -> e.key().equals(g.key()))
                    .findFirst();
            if (same.isPresent() && onHost.contains(same.get().number())) {
                return share(same.get(), request.owner(), false);
            }
            int n = same.isPresent() ? same.get().number() : freeNumber(onHost);
            requireBase(onHost);
            create(n, g.rules());
            StateStore.Entry e = same.orElseGet(() -> new StateStore.Entry(n, g.key(), g.texts(), Set.of(), false));
            return share(e, request.owner(), true);
        }
    }

    private StateStore.Entry forcedEntry(RulesetGenerator.Generated g) {
        int n = forced.orElseThrow();
        StateStore.Entry e = rulesets.get(n);
        return e != null ? e : new StateStore.Entry(n, "forced", List.of(), Set.of(), true);
    }

    private DevfsLease share(StateStore.Entry e, String owner, boolean created) {
        Set<String> owners = new LinkedHashSet<>(e.owners());
        owners.add(owner);
        StateStore.Entry updated = new StateStore.Entry(e.number(), e.key(), e.rules(), owners, e.forced());
        rulesets.put(e.number(), updated);
        save();
        return new DevfsLease(e.number(), owner, e.rules(), created);
    }

    private Optional<StateStore.Entry> heldBy(String owner) {
        return rulesets.values().stream().filter(e -> e.owners().contains(owner)).findFirst();
    }

    private static XcException approvalRequired(DevfsRequest request, List<DevfsFinding> unapproved) {
        List<Problem> problems = unapproved.stream().map(f -> Problem.of(ErrorCode.APPROVAL_REQUIRED,
                "devfs rule '" + f.rule() + "' " + f.reason(),
                "approve it with --allow-devfs-rule \"" + f.rule() + "\" or --yes")).toList();
        String image = request.imageDigest().map(d -> "image " + d).orElse("the request");
        return XcException.ofProblems(ErrorCode.APPROVAL_REQUIRED, "container " + request.owner() + ": " + image
                + " asks for " + unapproved.size() + " devfs rule" + (unapproved.size() == 1 ? "" : "s")
                + " that expose dangerous devices; they need approval", problems);
    }

    @Override
    public void release(String owner) {
        synchronized (lock) {
            Optional<StateStore.Entry> held = heldBy(owner);
            if (held.isEmpty()) {
                return;
            }
            StateStore.Entry e = held.get();
            Set<String> owners = new LinkedHashSet<>(e.owners());
            owners.remove(owner);
            if (!owners.isEmpty()) {
                rulesets.put(e.number(), new StateStore.Entry(e.number(), e.key(), e.rules(), owners, e.forced()));
                save();
                return;
            }
            rulesets.remove(e.number());
            if (e.forced()) {
                save();
                return;
            }
            pending.add(e.number());
            save();
            delset(e.number());
            pending.remove(e.number());
            save();
        }
    }

    private void retryPending() {
        for (int n : List.copyOf(pending)) {
            if (run(List.of("rule", "-s", Integer.toString(n), "delset")).ok()) {
                pending.remove(n);
                save();
            }
        }
    }

    @Override
    public List<DevfsLease> leases() {
        synchronized (lock) {
            List<DevfsLease> out = new ArrayList<>();
            for (StateStore.Entry e : rulesets.values()) {
                for (String o : new TreeSet<>(e.owners())) {
                    out.add(new DevfsLease(e.number(), o, e.rules(), false));
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public void applyTo(int ruleset, Path mountPoint) {
        if (ruleset < 0 || ruleset > 65535) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "invalid devfs ruleset " + ruleset + ": it must be 0 to 65535", "pass a ruleset from acquire()");
        }
        String mp = mountPoint.toString();
        synchronized (lock) {
            check(List.of("-m", mp, "ruleset", Integer.toString(ruleset)));
            check(List.of("-m", mp, "rule", "-s", Integer.toString(ruleset), "applyset"));
        }
    }

    @Override
    public List<DevfsFinding> harmful(List<String> rules) {
        List<DevfsRule> parsed = rules.stream().map(DevfsRule::parse).toList();
        return HarmCheck.check(parsed, HarmCheck.allowed(Set.of(), false));
    }

    // ---- host commands

    private CommandResult run(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(devfs);
        argv.addAll(args);
        return host.commands().run(Command.of(argv));
    }

    private CommandResult check(List<String> args) {
        return run(args).orThrow();
    }

    /** The ruleset numbers the host has ({@code devfs rule showsets}: one decimal number per line). */
    private Set<Integer> showsets() {
        CommandResult r = check(List.of("rule", "showsets"));
        Set<Integer> sets = new TreeSet<>();
        for (String line : r.stdoutLines()) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("[0-9]{1,5}")) {
                throw XcException.of(ErrorCode.MALFORMED_CONTENT,
                        "'" + r.command().display() + "' printed '" + t + "', which is not a ruleset number",
                        "check that '" + devfs + "' is FreeBSD's devfs(8)");
            }
            sets.add(Integer.parseInt(t));
        }
        return sets;
    }

    private int freeNumber(Set<Integer> onHost) {
        for (int n = offset; n <= 65535; n++) {
            if (!onHost.contains(n) && !rulesets.containsKey(n) && !pending.contains(n)) {
                return n;
            }
        }
        throw XcException.of(ErrorCode.RESOURCE_BUSY,
                "no free devfs ruleset number from " + offset + " to 65535: the host and xc use them all",
                "remove unused rulesets with 'devfs rule -s N delset', or lower devfs_id_offset");
    }

    private static void requireBase(Set<Integer> onHost) {
        List<Integer> missing = new ArrayList<>();
        for (int n : List.of(DefaultRulesets.HIDE_ALL, DefaultRulesets.UNHIDE_BASIC, DefaultRulesets.UNHIDE_LOGIN)) {
            if (!onHost.contains(n)) {
                missing.add(n);
            }
        }
        if (!missing.isEmpty()) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED,
                    "the host has no devfs ruleset " + missing + " (devfsrules_hide_all=1, devfsrules_unhide_basic=2,"
                            + " devfsrules_unhide_login=3), which every container ruleset includes",
                    "load FreeBSD's default rulesets: sysrc devfs_load_rulesets=YES && service devfs restart");
        }
    }

    private void create(int n, List<DevfsRule> rules) {
        if (rules.size() * RULE_STEP > 65535) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "a devfs ruleset holds at most " + 65535 / RULE_STEP + " rules here, this one has " + rules.size(),
                    "use fewer, broader rules");
        }
        String set = Integer.toString(n);
        for (int i = 0; i < rules.size(); i++) {
            List<String> args = new ArrayList<>(List.of("rule", "-s", set, "add", Integer.toString((i + 1) * RULE_STEP)));
            args.addAll(rules.get(i).words());
            CommandResult r = run(args);
            if (!r.ok()) {
                CommandResult undo = run(List.of("rule", "-s", set, "delset"));
                if (!undo.ok()) {
                    pending.add(n);
                    save();
                }
                String err = r.stderrText().strip();
                throw XcException.of(ErrorCode.COMMAND_FAILED,
                        "cannot add rule '" + rules.get(i) + "' to devfs ruleset " + n + ": '"
                                + r.command().display() + "' exited with status " + r.exitCode()
                                + (err.isEmpty() ? "" : ": " + err)
                                + (undo.ok() ? "; the rules added before it were removed"
                                : "; removing the rules added before it failed too, it is retried later"),
                        err.contains("File exists") ? "another program writes devfs ruleset " + n
                                + "; try again, xc picks a free number" : "see devfs' message");
            }
        }
    }

    private void delset(int n) {
        CommandResult r = run(List.of("rule", "-s", Integer.toString(n), "delset"));
        if (!r.ok()) {
            String err = r.stderrText().strip();
            throw XcException.of(ErrorCode.COMMAND_FAILED,
                    "cannot remove devfs ruleset " + n + ": '" + r.command().display() + "' exited with status "
                            + r.exitCode() + (err.isEmpty() ? "" : ": " + err),
                    "xc retries on the next acquire; or run 'devfs rule -s " + n + " delset' by hand");
        }
    }

    private void save() {
        store.save(new StateStore.State(rulesets, pending, approvals));
    }
}
