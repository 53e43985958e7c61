package dev.xc.engine.internal.container;

import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.api.XcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reconciles the undo journal against the host when the engine opens, so that a daemon killed in the middle of its
 * work (kill -9, a power cut) leaves nothing behind and loses no running container. For each container:
 *
 * <ul>
 *   <li><b>An interrupted run</b> (its {@value #APPLY} entry, journaled before the first step and marked done after
 *   the last, is still pending; or another step is pending): when the main process already runs in its jail (the
 *   crash came after the spawn), the container is adopted; otherwise every open entry is undone, newest first,
 *   with the same undo operations a failed run uses (addresses released, aliases, pf entries, redirects, devfs
 *   ruleset, jail, root removed), and the container is deleted, as a failed {@code xc run} deletes it. If an undo
 *   fails the container stays, {@code faulted}, with the reason.</li>
 *   <li><b>An interrupted {@code xc start}</b> (only a {@code process} entry is pending): adopted when main runs,
 *   else that entry is undone and the container is {@code created} (or {@code exited}) again.</li>
 *   <li><b>A running container</b> whose jail exists and whose main process (pid in the state database) is alive:
 *   adopted, that is supervised again by pid ({@code CommandRunner.adopt}); its exit runs the usual teardown. Its
 *   logs never stopped: processes write their log files themselves. The exit status of an adopted process belongs
 *   to its real parent, so it is recorded as unknown (no exit code) unless the engine's own signal ended it; for
 *   the restart policy it counts as 0.</li>
 *   <li><b>A running container whose main process ended</b> while no daemon ran: its deinit processes run and it is
 *   torn down (kept with {@code --persist}), as after a normal exit; restart policies are not applied.</li>
 *   <li><b>A container whose jail vanished</b> (the host rebooted): what is left is torn down and it is
 *   {@code exited}.</li>
 *   <li>Interrupted {@code kill} ({@code stopping}) and {@code rm} ({@code removing}) are finished.</li>
 * </ul>
 *
 * <p>Idempotent: a container already supervised, or with nothing open, is left as it is; so is a {@code faulted}
 * one (an undo failed before: {@code xc rm -f} retries it). Each action is reported as
 * one line starting with {@code reconcile:}; the engine lists them among the warnings of {@code xc info}.
 *
 * <p>Not thread-safe by itself: it runs once when the engine opens, before any request, holding each container's
 * lock while it works on it.
 */
final class Reconciler {

    /** The journal entry open for the whole of an apply: pending means the run did not finish. */
    static final String APPLY = "apply";
    /** Test-only: halt the JVM (as kill -9 would stop it) when the step of this kind is journaled. */
    static final String FAULT_ENV = "XC_FAULT_HALT_AT";
    /** The system property form of {@link #FAULT_ENV}. */
    static final String FAULT_PROPERTY = "xc.fault.haltAt";

    private final Containers containers;
    private final ContainerStore store;
    private final Context ctx;

    Reconciler(Containers containers) {
        this.containers = containers;
        this.store = containers.store();
        this.ctx = containers.context();
    }

    /**
     * The fault-injection hook for real crash tests: when the environment variable {@value #FAULT_ENV} (or the system
     * property {@value #FAULT_PROPERTY}) names a step kind ({@code address}, {@code rootfs}, {@code jail}, ...), the
     * JVM halts with status 137 right after that step is journaled and before it runs, without shutdown hooks, as
     * if the daemon had been killed with SIGKILL. Only tests set it.
     */
    static Consumer<String> faultFromEnvironment() {
        String at = Optional.ofNullable(System.getProperty(FAULT_PROPERTY)).orElse(System.getenv(FAULT_ENV));
        if (at == null || at.isBlank()) {
            return s -> { };
        }
        return s -> {
            if (s.equals(at)) {
                Runtime.getRuntime().halt(137);
            }
        };
    }

    /**
     * Reconciles every container; one report line per container it acted on. Only the engine that owns the state
     * database reconciles: it takes an exclusive lock on {@code DB.owner} and holds it until it closes, so an
     * {@code xc --embedded} command run beside a live daemon never undoes the daemon's work in flight; the lock dies
     * with its process, so the engine opened after a crash owns the state and reconciles.
     */
    List<String> run() {
        Optional<AutoCloseable> owned = own(store.file().resolveSibling(store.file().getFileName() + ".owner"));
        if (owned.isEmpty()) {
            return List.of(); // another live engine owns the state and reconciled it when it opened
        }
        containers.ownership = owned.get();
        List<String> report = new ArrayList<>();
        for (ContainerStore.Row row : store.all()) {
            try {
                synchronized (containers.lock(row.id())) {
                    Optional<ContainerStore.Row> now = store.find(row.id());
                    if (now.isPresent()) {
                        one(now.get()).ifPresent(s -> report.add("reconcile: container " + row.name() + " ("
                                + row.id() + ") " + s));
                    }
                }
            } catch (RuntimeException e) {
                report.add("reconcile: container " + row.name() + " (" + row.id() + ") could not be reconciled: "
                        + e.getMessage());
            }
        }
        return List.copyOf(report);
    }

    private Optional<String> one(ContainerStore.Row row) {
        String id = row.id();
        if (containers.mains.containsKey(id) || row.state().equals("faulted")) {
            return Optional.empty(); // supervised by this engine already; or a fault the user clears with rm -f
        }
        Blueprint bp = row.blueprint();
        List<ContainerStore.Entry> open = store.openEntries(id);
        List<ContainerStore.Entry> pending = open.stream().filter(e -> e.state().equals("pending")).toList();
        boolean applying = pending.stream().anyMatch(e -> !e.step().equals("process"));
        boolean processJournaled = open.stream().anyMatch(e -> e.step().equals("process"));
        boolean processPending = pending.stream().anyMatch(e -> e.step().equals("process"));
        boolean jail = ctx.jails().flatMap(j -> j.find(row.name())).isPresent();
        Optional<ContainerStore.Proc> main = store.processes(id).stream()
                .filter(p -> p.label().equals("main") && p.exited().isEmpty()).reduce((a, b) -> b);
        Optional<SupervisedProcess> alive = jail ? main.flatMap(m -> adopt(m.pid())) : Optional.empty();

        switch (row.state()) {
            case "removing" -> {
                containers.remove(id, true);
                return Optional.of("was being removed: removal finished");
            }
            case "stopping" -> {
                alive.ifPresent(p -> {
                    p.signal(Signal.KILL);
                    p.waitFor(Duration.ofSeconds(10));
                });
                main.ifPresent(m -> store.processGone(id, "main"));
                List<String> left = containers.finishTeardown(id, bp);
                if (store.find(id).orElseThrow().finished().isEmpty()) {
                    store.setNow(id, "finished_at");
                }
                return Optional.of("was being stopped: " + (left.isEmpty() ? "teardown finished"
                        : "teardown incomplete: " + String.join("; ", left)));
            }
            default -> {
            }
        }

        if (open.isEmpty() && row.state().equals("created") && store.journal(id).isEmpty()) {
            store.delete(id); // the crash came between the row and the first journal entry
            return Optional.of("had not started its run: forgotten");
        }
        if (applying) {
            if (alive.isPresent() && processJournaled) {
                pending.forEach(e -> store.journalMark(e.id(), "done"));
                adopt(id, alive.get());
                return Optional.of("was interrupted after its main process started: adopted (pid "
                        + alive.get().pid() + ")");
            }
            String steps = String.join(", ", pending.stream().map(ContainerStore.Entry::step)
                    .filter(s -> !s.equals(APPLY)).toList());
            List<String> left = containers.undo(id, s -> true);
            if (left.isEmpty()) {
                forget(id);
                return Optional.of("was interrupted" + (steps.isEmpty() ? "" : " at step " + steps)
                        + ": its steps were undone and it was removed, as a failed run is");
            }
            store.setState(id, "faulted");
            store.set(id, "fault", "interrupted by a crash; undo failed: " + String.join("; ", left));
            return Optional.of("was interrupted; undo failed: " + String.join("; ", left));
        }
        if (processPending) {
            if (alive.isPresent()) {
                pending.forEach(e -> store.journalMark(e.id(), "done"));
                adopt(id, alive.get());
                return Optional.of("was interrupted while starting: adopted (pid " + alive.get().pid() + ")");
            }
            main.ifPresent(m -> store.processGone(id, "main"));
            if (jail) {
                List<String> left = containers.undo(id, s -> s.equals("process"));
                store.setState(id, row.started().isPresent() ? "exited" : "created");
                return Optional.of("was interrupted while starting: the start was undone"
                        + (left.isEmpty() ? "" : " (" + String.join("; ", left) + ")"));
            }
            return Optional.of("was interrupted while starting and its jail is gone: " + tearDown(id));
        }
        if (row.state().equals("running") || row.state().equals("starting")) {
            if (alive.isPresent()) {
                adopt(id, alive.get());
                return Optional.of("kept running while no daemon ran: adopted (pid " + alive.get().pid() + ")");
            }
            if (!jail) {
                main.ifPresent(m -> store.processGone(id, "main"));
                return Optional.of("lost its jail (the host restarted?): " + tearDown(id));
            }
            if (bp.main().isEmpty()) {
                return Optional.empty(); // nothing to supervise: the jail is the container
            }
            main.ifPresent(m -> store.processGone(id, "main"));
            store.setNow(id, "finished_at");
            if (!store.transition(id, java.util.Set.of("running", "starting"), "stopping")) {
                return Optional.empty();
            }
            containers.runDeinits(id, bp);
            if (bp.persist()) {
                store.setState(id, "exited");
                return Optional.of("main process ended while no daemon ran: exited, jail kept (--persist)");
            }
            List<String> left = containers.finishTeardown(id, bp);
            return Optional.of("main process ended while no daemon ran: "
                    + (left.isEmpty() ? "torn down" : "teardown incomplete: " + String.join("; ", left)));
        }
        if (!jail && !open.isEmpty() && (row.state().equals("created")
                || (row.state().equals("exited") && bp.persist()))) {
            return Optional.of("lost its jail (the host restarted?): " + tearDown(id));
        }
        return Optional.empty();
    }

    private static Optional<AutoCloseable> own(Path lockFile) {
        try {
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // another engine in this JVM owns it
            }
            if (lock == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(ch::close);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<SupervisedProcess> adopt(long pid) {
        try {
            return ctx.host().commands().adopt(pid);
        } catch (XcException e) {
            return Optional.empty(); // a host that cannot adopt: the container is torn down instead
        }
    }

    private void adopt(String id, SupervisedProcess p) {
        store.setState(id, "running");
        containers.statusUnknown.add(p);
        containers.supervise(id, p);
    }

    /** Undoes every open entry; the container is exited (or faulted, naming what is left). */
    private String tearDown(String id) {
        List<String> left = containers.undo(id, s -> true);
        if (store.find(id).orElseThrow().finished().isEmpty()) {
            store.setNow(id, "finished_at");
        }
        if (left.isEmpty()) {
            store.setState(id, "exited");
            return "what was left was torn down";
        }
        store.setState(id, "faulted");
        store.set(id, "fault", "teardown after a crash incomplete: " + String.join("; ", left));
        return "teardown incomplete: " + String.join("; ", left);
    }

    /** Deletes the container and its logs, as a failed run does. */
    private void forget(String id) {
        store.delete(id);
        Path logs = ctx.logsDir();
        try (var files = Files.list(logs)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(id + ".")).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // no logs directory: nothing to delete
        }
    }
}
