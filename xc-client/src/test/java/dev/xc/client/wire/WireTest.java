package dev.xc.client.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.container.RunRequest;
import dev.xc.api.event.Event;
import dev.xc.api.image.ImageReference;
import dev.xc.api.net.DnsSetting;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON mapping of the wire: records, canonical texts, sealed types, errors, routes. */
class WireTest {

    final ObjectMapper strict = Wire.mapper(true, false);

    @Test
    void aFullRunRequestRoundTripsWithValuesAsTheirText() throws Exception {
        RunRequest r = RunRequest.builder(ImageReference.parse("freebsd:14.1"))
                .name("web").hostname("web.example.org").env("A", "1").volume("data:/var/db")
                .network("lan").publish("8080:80/tcp").mainAddress("network/lan")
                .dns(new DnsSetting.Specified(List.of(InetAddress.ofLiteral("10.0.0.53")), List.of("example.org")))
                .jailParam("allow.raw_sockets=1").persist(true).build();
        String json = strict.writeValueAsString(r);
        JsonNode n = strict.readTree(json);
        assertEquals("docker.io/library/freebsd:14.1", n.get("image").asText(), json);
        assertEquals("8080:80/tcp", n.get("publish").get(0).asText(), json);
        assertEquals("specified", n.get("dns").get("type").asText(), json);
        assertEquals("10.0.0.53", n.get("dns").get("servers").get(0).asText(), json);
        assertFalse(n.has("create"), "derived methods such as isCreate() are not sent: " + json);
        assertEquals(r, strict.readValue(json, RunRequest.class));
    }

    @Test
    void eventsCarryATypeDiscriminator() throws Exception {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        for (Event e : List.of(new Event.Progress(t, "pull", "sha256:aa", 5, Optional.empty(), "bytes"),
                new Event.Step(t, "run", "create jail", true), new Event.Warning(t, "w"),
                new Event.ContainerChanged(t, "c", "exited", "0"))) {
            String json = strict.writerFor(Event.class).writeValueAsString(e);
            assertTrue(json.contains("\"type\":"), json);
            assertEquals(e, strict.readValue(json, Event.class));
        }
        assertTrue(strict.writerFor(Event.class).writeValueAsString(new Event.Warning(t, "w"))
                .contains("\"type\":\"warning\""));
    }

    @Test
    void errorsRoundTripThroughTheEnvelope() {
        XcException e = XcException.ofProblems(ErrorCode.SANITY_CHECK_FAILED, "2 checks failed",
                List.of(Problem.of(ErrorCode.MISSING_ENV, "DB_URL is required", "pass -e DB_URL=..."),
                        Problem.of(ErrorCode.NETWORK_NOT_FOUND, "no network lan", "")));
        JsonNode env = Wire.error(e);
        assertEquals("sanity-check-failed", env.get("error").get("code").asText());
        XcException back = Wire.decodeError(env.get("error"));
        assertEquals(e.getClass(), back.getClass());
        assertEquals(e.getMessage(), back.getMessage());
        assertEquals(e.hint(), back.hint());
        assertEquals(e.problems(), back.problems());
        assertEquals(412, Wire.status(e.code()));
        assertEquals(403, Wire.status(ErrorCode.PERMISSION_DENIED));
        assertEquals(409, Wire.status(ErrorCode.NAME_IN_USE));
        assertEquals(501, Wire.status(ErrorCode.NOT_IMPLEMENTED));
    }

    @Test
    void badTextValuesAreRejectedWithTheParsersError() {
        Exception e = assertThrows(Exception.class, () -> strict.readValue("\"10.0.0.0/99\"", dev.xc.api.net.Cidr.class));
        Throwable c = e;
        while (c != null && !(c instanceof XcException)) {
            c = c.getCause();
        }
        assertTrue(c instanceof XcException, e.toString());
    }

    @Test
    void routesMatchTheirTemplatesAndLiteralsWin() {
        assertEquals(Route.CONTAINERS_PLAN, Route.find("POST", "/v1/containers/plan").orElseThrow().route());
        Route.Match m = Route.find("DELETE", "/v1/networks/my%20net").orElseThrow();
        assertEquals(Route.NETWORKS_REMOVE, m.route());
        assertEquals(Map.of("network", "my net"), m.params());
        assertEquals("/v1/networks/my%20net", Route.NETWORKS_REMOVE.path(Map.of("network", "my net")));
        assertTrue(Route.find("GET", "/v1/networks/").isEmpty());
        assertEquals(List.of("GET", "POST"), Route.methodsAt("/v1/networks"));
        long distinct = java.util.Arrays.stream(Route.values()).map(r -> r.method() + " " + r.template()).distinct()
                .count();
        assertEquals(Route.values().length, distinct, "no two routes share method and path");
    }
}
