package dev.xc.api.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the engine reports while it works. Sealed, so a {@code switch} over events is exhaustive.
 */
public sealed interface Event permits Event.Progress, Event.Step, Event.Warning, Event.ContainerChanged {

    /** When it happened. */
    Instant at();

    /**
     * Progress of one unit of work, for example one layer's download.
     *
     * @param task what is progressing ({@code pull}, {@code push}, {@code unpack})
     * @param item which part ({@code sha256:...} of a layer, or a file)
     * @param done units done so far
     * @param total units in all, when known
     * @param unit {@code bytes} or {@code files}
     */
    record Progress(Instant at, String task, String item, long done, Optional<Long> total, String unit)
            implements Event {
        public Progress {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(unit, "unit");
            if (done < 0) {
                throw new IllegalArgumentException("done must not be negative");
            }
        }
    }

    /**
     * A step of a larger operation started or finished ({@code resolve manifest}, {@code create jail}).
     *
     * @param operation the operation ({@code pull}, {@code run}, ...)
     * @param description what the step does, in words for people
     * @param finished false when it starts, true when it is done
     */
    record Step(Instant at, String operation, String description, boolean finished) implements Event {
        public Step {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(description, "description");
        }
    }

    /** Something worth telling that does not stop the operation (an unknown env var, a Linux image chosen). */
    record Warning(Instant at, String message) implements Event {
        public Warning {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * A container changed state.
     *
     * @param container its id
     * @param state the new state's name ({@code running}, {@code exited}, ...)
     * @param detail exit status or fault, when there is one
     */
    record ContainerChanged(Instant at, String container, String state, String detail) implements Event {
        public ContainerChanged {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
