package dev.xc.registry.internal;

import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;

import java.time.Clock;
import java.util.Optional;

/** Sends events to the user's listener; a listener that throws is ignored, as its contract says. */
public record Events(EventListener listener, Clock clock) {

    public void warn(String message) {
        emit(new Event.Warning(clock.instant(), message));
    }

    public void step(String operation, String description, boolean finished) {
        emit(new Event.Step(clock.instant(), operation, description, finished));
    }

    public void emit(Event e) {
        try {
            listener.onEvent(e);
        } catch (RuntimeException ignored) {
            // a faulty listener must not break a transfer
        }
    }

    /** A byte counter for one blob that reports at the start, every 1 MiB or 1/20 of the blob, and at the end. */
    public Progress progress(String task, String item, long total) {
        return new Progress(task, item, total);
    }

    /** Byte progress of one blob. Used by one thread at a time. */
    public final class Progress {
        private final String task;
        private final String item;
        private final long total;
        private final long step;
        private long done;
        private long reported = -1;

        Progress(String task, String item, long total) {
            this.task = task;
            this.item = item;
            this.total = total;
            this.step = Math.max(1 << 20, total / 20);
        }

        public void start() {
            report();
        }

        public void set(long value) {
            done = value;
            if (done - reported >= step) {
                report();
            }
        }

        public void add(long n) {
            set(done + n);
        }

        public void finish() {
            if (reported != done) {
                report();
            }
        }

        private void report() {
            reported = done;
            emit(new Event.Progress(clock.instant(), task, item, done, Optional.of(total), "bytes"));
        }
    }
}
