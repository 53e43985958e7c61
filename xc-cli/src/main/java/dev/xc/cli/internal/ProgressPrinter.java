package dev.xc.cli.internal;

import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shows progress of a pull or push. On a terminal it redraws one line per layer in place; elsewhere (a pipe, a log)
 * it prints each step once and a layer's line when the layer finishes, so logs stay readable. Thread-safe: events
 * arrive from the engine's worker threads.
 */
final class ProgressPrinter implements EventListener {

    private final PrintWriter out;
    private final boolean terminal;
    private final boolean quiet;
    private final Map<String, Event.Progress> items = new LinkedHashMap<>();
    private int drawn;
    private long lastDraw;

    ProgressPrinter(PrintWriter out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    @Override
    public synchronized void onEvent(Event event) {
        if (quiet) {
            return;
        }
        switch (event) {
            case Event.Progress p -> {
                Event.Progress before = items.put(p.item(), p);
                boolean finished = p.total().map(t -> p.done() >= t).orElse(false);
                if (terminal) {
                    long now = System.nanoTime();
                    if (finished || now - lastDraw > 100_000_000L) {
                        redraw();
                        lastDraw = now;
                    }
                } else if (finished && (before == null || before.done() < p.done())) {
                    out.println(line(p));
                    out.flush();
                }
            }
            case Event.Step s -> {
                if (!s.finished()) {
                    clear();
                    out.println(s.description());
                    out.flush();
                    drawn = 0;
                }
            }
            case Event.Warning w -> {
                clear();
                out.println("warning: " + w.message());
                out.flush();
                drawn = 0;
            }
            case Event.ContainerChanged c -> {
                clear();
                out.println(c.container() + ": " + c.state() + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")"));
                out.flush();
                drawn = 0;
            }
        }
    }

    /** Draws the final state of every item. */
    synchronized void finish() {
        if (terminal && !quiet && !items.isEmpty()) {
            redraw();
        }
    }

    private void redraw() {
        StringBuilder sb = new StringBuilder();
        if (drawn > 0) {
            sb.append("\u001b[").append(drawn).append('F').append("\u001b[0J");
        }
        for (Event.Progress p : items.values()) {
            sb.append(line(p)).append('\n');
        }
        out.print(sb);
        out.flush();
        drawn = items.size();
    }

    private void clear() {
        if (terminal && drawn > 0) {
            out.print("\u001b[" + drawn + "F\u001b[0J");
            drawn = 0;
        }
    }

    static String line(Event.Progress p) {
        String item = p.item().startsWith("sha256:") ? p.item().substring(7, 19) : p.item();
        String amount = p.unit().equals("bytes") ? bytes(p.done()) + p.total().map(t -> "/" + bytes(t)).orElse("")
                : p.done() + p.total().map(t -> "/" + t).orElse("") + " " + p.unit();
        String pct = p.total().filter(t -> t > 0).map(t -> String.format(Locale.ROOT, " %3d%%", p.done() * 100 / t))
                .orElse("");
        boolean done = p.total().map(t -> p.done() >= t).orElse(false);
        return String.format(Locale.ROOT, "%-7s %s: %s%s%s", p.task(), item, amount, pct, done ? " done" : "");
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
