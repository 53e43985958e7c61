package dev.xc.api.spi;

import java.util.List;

/** Per-container tracing with DTrace. */
public interface Tracer {

    /** The host command that traces jail {@code jid}, for example {@code dwatch -j JID -F syscall}. */
    Command traceCommand(int jid, List<String> args);

    /** devfs rules that let processes in a container register USDT probes. */
    List<String> usdtDevfsRules();
}
