package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared test helpers and the Appendix C example configuration. */
final class Fixtures {

    private Fixtures() {
    }

    /** Asserts that {@code body} throws an XcException with {@code code} whose message contains {@code part}. */
    static XcException assertXc(ErrorCode code, String part, Executable body) {
        XcException e = assertThrows(XcException.class, body);
        assertEquals(code, e.code(), () -> "code of: " + e.getMessage());
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
        assertTrue(!e.hint().isBlank(), "every error carries a hint");
        return e;
    }

    /** The {@code xc_extension} of xc-reference.md Appendix C, built through the public API. */
    static JailConfig appendixC() {
        return JailConfig.builder()
                .version("0.0.0+0")
                .secureLevel(0)
                .vnet(false)
                .port(ExposedPort.parse("80/tcp"), "http")
                .port(ExposedPort.parse("8000-8010"), "")
                .devfsRule("path bpf* unhide")
                .allow("raw_sockets")
                .sysvMsg(SysvMode.DISABLE)
                .sysvShm(SysvMode.NEW)
                .sysvSem(SysvMode.DISABLE)
                .env("DB_PASSWORD", new EnvSpec(Optional.of("password of the database"), true, Optional.empty()))
                .env("LISTEN_PORT", new EnvSpec(Optional.empty(), false, Optional.of("80")))
                .entryPoint("main", new EntryPoint("/usr/local/sbin/nginx", List.of("-g", "daemon off;"),
                        orderedMap("PORT", "${LISTEN_PORT}", "GREETING", "${NAME:-world}"), false, List.of(),
                        List.of("DB_PASSWORD"), Optional.empty(), Optional.empty(), Optional.empty()))
                .defaultEntryPoint("main")
                .specialMount(new SpecialMount("/dev/fd", "fdescfs"))
                .specialMount(new SpecialMount("/proc", "procfs"))
                .mount("/var/db/app", new VolumeSpec("application data", "/var/db/app",
                        Map.of("zfs.compression", "off"), false, false))
                .init(EntryPoint.of("/bin/sh", List.of("-c", "echo starting")))
                .linux(false)
                .label("maintainer", "someone@example.org")
                .build();
    }

    static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
