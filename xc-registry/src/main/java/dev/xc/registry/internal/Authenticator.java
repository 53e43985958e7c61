package dev.xc.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.RegistryCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.net.URIBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the {@code Authorization} header for a request and reacts to a {@code 401}: anonymous or credentialed
 * bearer tokens from the challenge's realm, cached per registry and scope set until shortly before they expire, or
 * basic authentication when the registry asks for it. Thread-safe.
 */
public final class Authenticator {

    private record TokenKey(String server, String scopes) {
    }

    private record Token(String value, Instant expires) {
    }

    private record BearerRealm(URI realm, Optional<String> service) {
    }

    private final CloseableHttpClient http;
    private final Clock clock;
    private final Map<TokenKey, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, BearerRealm> realms = new ConcurrentHashMap<>();
    private final Map<String, Boolean> basic = new ConcurrentHashMap<>();

    public Authenticator(CloseableHttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The header to send with a request needing {@code scopes}, if any is known to be needed. */
    public Optional<String> authorization(Registry registry, List<String> scopes) {
        TokenKey key = key(registry, scopes);
        Token t = tokens.get(key);
        if (t != null && clock.instant().isBefore(t.expires())) {
            return Optional.of("Bearer " + t.value());
        }
        if (basic.containsKey(registry.server()) && registry.credentials().isPresent()) {
            return Optional.of(basicHeader(registry.credentials().get()));
        }
        BearerRealm realm = realms.get(registry.server());
        if (realm != null) {
            // the registry wants tokens: get one for this scope now instead of waiting for a 401
            return Optional.of("Bearer " + fetchToken(registry, realm, scopes, key).value());
        }
        return Optional.empty();
    }

    /**
     * Reacts to a 401: learns the scheme, fetches a fresh token when it is Bearer. Returns whether the request is
     * worth sending once more.
     */
    public boolean onUnauthorized(Registry registry, List<String> scopes, Header[] challengeHeaders,
                                  Optional<String> sent) {
        List<Challenge> challenges = new ArrayList<>();
        for (Header h : challengeHeaders) {
            challenges.addAll(Challenge.parseAll(h.getValue()));
        }
        Optional<Challenge> bearer = challenges.stream().filter(c -> c.is("Bearer")).findFirst();
        if (bearer.isPresent()) {
            Challenge c = bearer.get();
            String realmText = c.param("realm").orElseThrow(() -> XcException.of(ErrorCode.REGISTRY_ERROR,
                    "registry " + registry.server() + " asked for a bearer token without naming a realm",
                    "the registry is misconfigured; report it to its operator"));
            URI realm;
            try {
                realm = new URI(realmText);
            } catch (URISyntaxException e) {
                throw XcException.of(ErrorCode.REGISTRY_ERROR, "registry " + registry.server()
                        + " named an invalid token realm '" + realmText + "'", "report it to the registry's operator");
            }
            if (realm.getScheme() == null || realm.getHost() == null) {
                throw XcException.of(ErrorCode.REGISTRY_ERROR, "registry " + registry.server()
                        + " named a token realm that is not an absolute URL: '" + realmText + "'",
                        "report it to the registry's operator");
            }
            BearerRealm br = new BearerRealm(realm, c.param("service"));
            realms.put(registry.server(), br);
            List<String> wanted = new ArrayList<>(scopes);
            c.param("scope").ifPresent(s -> {
                for (String one : s.split(" ")) {
                    if (!one.isBlank() && !wanted.contains(one)) {
                        wanted.add(one);
                    }
                }
            });
            TokenKey key = key(registry, scopes);
            tokens.remove(key);
            Token t = fetchToken(registry, br, wanted, key);
            tokens.put(key, t);
            return true;
        }
        if (challenges.stream().anyMatch(c -> c.is("Basic"))) {
            if (registry.credentials().isEmpty()) {
                throw XcException.of(ErrorCode.REGISTRY_UNAUTHORIZED,
                        "registry " + registry.server() + " requires a user name and password",
                        "log in first: xc login --username NAME " + registry.server());
            }
            basic.put(registry.server(), Boolean.TRUE);
            // worth another try only if these credentials were not what was just refused
            return sent.isEmpty() || !sent.get().startsWith("Basic ");
        }
        return false;
    }

    /** Forgets the cached token for these scopes (after it was refused). */
    public void invalidate(Registry registry, List<String> scopes) {
        tokens.remove(key(registry, scopes));
    }

    private Token fetchToken(Registry registry, BearerRealm realm, List<String> scopes, TokenKey key) {
        URI uri;
        try {
            URIBuilder b = new URIBuilder(realm.realm());
            realm.service().ifPresent(s -> b.addParameter("service", s));
            for (String s : scopes) {
                b.addParameter("scope", s);
            }
            uri = b.build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        HttpGet get = new HttpGet(uri);
        registry.credentials().ifPresent(c -> get.setHeader(HttpHeaders.AUTHORIZATION, basicHeader(c)));
        String who = registry.credentials().isPresent() ? "the credentials configured for " + registry.server()
                : "anonymous access";
        try (ClassicHttpResponse r = http.executeOpen(null, get, null)) {
            int status = r.getCode();
            byte[] body = new byte[0];
            if (r.getEntity() != null) {
                try (InputStream in = r.getEntity().getContent()) {
                    body = in.readNBytes(1 << 20);
                }
            }
            if (status == 401 || status == 403) {
                throw XcException.of(ErrorCode.REGISTRY_UNAUTHORIZED, "the token service " + realm.realm().getHost()
                                + " of registry " + registry.server() + " refused " + who + " for " + scopeText(scopes)
                                + " (" + status + ")",
                        registry.credentials().isPresent()
                                ? "check the user name and password: xc login --username NAME " + registry.server()
                                : "log in first: xc login --username NAME " + registry.server());
            }
            if (status != 200) {
                throw XcException.of(ErrorCode.REGISTRY_ERROR, "the token service " + realm.realm().getHost()
                        + " of registry " + registry.server() + " answered " + status + " for " + scopeText(scopes),
                        "retry later; if it persists the registry's auth service is down");
            }
            JsonNode json = Json.MAPPER.readTree(body);
            String token = json.path("token").asText("");
            if (token.isEmpty()) {
                token = json.path("access_token").asText("");
            }
            if (token.isEmpty()) {
                throw XcException.of(ErrorCode.REGISTRY_ERROR, "the token service " + realm.realm().getHost()
                        + " of registry " + registry.server() + " sent no token", "report it to the registry's operator");
            }
            long expiresIn = json.path("expires_in").asLong(60);
            if (expiresIn < 1) {
                expiresIn = 60;
            }
            // renew a little early so a token does not expire in flight
            Duration life = Duration.ofSeconds(expiresIn).minus(Duration.ofSeconds(Math.min(30, expiresIn / 5)));
            Token t = new Token(token, clock.instant().plus(life));
            tokens.put(key, t);
            return t;
        } catch (IOException e) {
            throw XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "cannot reach the token service "
                            + realm.realm().getHost() + " of registry " + registry.server() + ": " + e.getMessage(),
                    "check the network and that the registry's auth service is up", e);
        }
    }

    private static String scopeText(List<String> scopes) {
        return scopes.isEmpty() ? "the registry" : String.join(" ", scopes);
    }

    private static TokenKey key(Registry registry, List<String> scopes) {
        return new TokenKey(registry.server(), String.join(" ", new TreeSet<>(scopes)));
    }

    private static String basicHeader(RegistryCredentials c) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
    }
}
