package dev.xc.server;

import dev.xc.api.Engine;
import dev.xc.client.wire.Route;
import dev.xc.server.internal.AccessPolicy;
import dev.xc.server.internal.ApiHandler;
import dev.xc.server.internal.PeerCredentials;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every route the server serves is in openapi.yaml, with its access rule, and nothing else is. */
class OpenApiTest {

    private static final Pattern PATH = Pattern.compile("^  (/\\S+):$");
    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|delete|patch|head):$");
    private static final Pattern ACCESS = Pattern.compile("^      x-xc-access: (\\w+)$");

    /** "METHOD /template" to access, from the document. */
    static Map<String, String> documented() throws IOException {
        String text;
        try (InputStream in = XcdServer.class.getResourceAsStream("/openapi.yaml")) {
            assertNotNull(in, "openapi.yaml is a resource of dev.xc.server");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> ops = new TreeMap<>();
        String path = null;
        String op = null;
        boolean inPaths = false;
        for (String line : text.lines().toList()) {
            if (line.equals("paths:")) {
                inPaths = true;
                continue;
            }
            if (inPaths && !line.isEmpty() && !line.startsWith(" ")) {
                inPaths = false;
            }
            if (!inPaths) {
                continue;
            }
            Matcher m;
            if ((m = PATH.matcher(line)).matches()) {
                path = m.group(1);
            } else if ((m = METHOD.matcher(line)).matches()) {
                op = m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path;
                ops.put(op, "?");
            } else if ((m = ACCESS.matcher(line)).matches() && op != null) {
                ops.put(op, m.group(1));
            }
        }
        return ops;
    }

    @Test
    void everyServedRouteIsDocumentedAndViceVersa() throws IOException {
        Engine none = (Engine) Proxy.newProxyInstance(Engine.class.getClassLoader(), new Class<?>[] {Engine.class},
                (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        ApiHandler handler = new ApiHandler(none, new AccessPolicy(), new PeerCredentials(), s -> { });
        Map<String, String> served = new TreeMap<>();
        for (Route r : handler.routes()) {
            served.put(r.method() + " " + r.template(), r.access().name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, String> documented = documented();
        assertFalse(documented.isEmpty());
        assertEquals(served.keySet(), documented.keySet(), "routes served vs routes in openapi.yaml");
        assertEquals(served, documented, "access rules served vs x-xc-access in openapi.yaml");
        assertEquals(Route.values().length, served.size(), "every route has an endpoint");
    }
}
