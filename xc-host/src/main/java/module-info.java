/**
 * The one door to the operating system: starts host programs ({@link dev.xc.host.ProcessCommandRunner}), calls native
 * functions through the foreign function and memory API ({@code dev.xc.host.ffi}) and reports facts about the host
 * ({@link dev.xc.host.LocalHost}). No other xc module starts processes or calls native code.
 *
 * <p>Native calls are restricted operations: run with {@code --enable-native-access=dev.xc.host} (or
 * {@code ALL-UNNAMED} on the class path) to silence the JDK's warning.
 */
module dev.xc.host {
    requires transitive dev.xc.api;
    requires static org.jspecify;

    exports dev.xc.host;
    exports dev.xc.host.ffi;
    exports dev.xc.host.fs;

    provides dev.xc.api.spi.HostProvider with dev.xc.host.LocalHostProvider;
}
