package dev.xc.testkit.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token server for Distribution's {@code auth: token} mode, for tests: {@code GET /token?service=&scope=} answers
 * {@code {"token": JWT, "expires_in": N}} with an RS256 JWT whose {@code x5c} header carries a self-signed certificate
 * (made with the JDK's {@code keytool}) that the registry trusts through its {@code rootcertbundle}.
 *
 * <p>Policy: a request with valid basic credentials of a configured user gets every action it asks for; an anonymous
 * request gets {@code pull} when {@link #anonymousPull} is on, else nothing; wrong credentials get 401. Binds
 * 127.0.0.1 only. Thread-safe.
 */
public final class TokenServer implements AutoCloseable {

    private static final String PASSWORD = "changeit";

    private final HttpServer server;
    private final Path dir;
    private final PrivateKey key;
    private final String x5c;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> scopesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean anonymousPull;
    private volatile Duration lifetime = Duration.ofMinutes(5);

    private TokenServer(HttpServer server, Path dir, PrivateKey key, String x5c) {
        this.server = server;
        this.dir = dir;
        this.key = key;
        this.x5c = x5c;
    }

    /** Signing key and certificate, made once per JVM (keytool is slow to start). */
    private record KeyMaterial(PrivateKey key, String x5c, String pem) {
    }

    private static KeyMaterial material;

    private static synchronized KeyMaterial material() throws Exception {
        if (material == null) {
            Path tmp = Files.createTempDirectory("xc-token-keys-");
            try {
                Path ks = tmp.resolve("token.p12");
                Path pem = tmp.resolve("root.pem");
                keytool("-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-sigalg",
                        "SHA256withRSA", "-dname", "CN=xc test token issuer", "-validity", "2", "-storetype",
                        "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
                keytool("-exportcert", "-rfc", "-alias", "token", "-keystore", ks.toString(), "-storepass",
                        PASSWORD, "-file", pem.toString());
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(ks)) {
                    store.load(in, PASSWORD.toCharArray());
                }
                PrivateKey key = (PrivateKey) store.getKey("token", PASSWORD.toCharArray());
                Certificate cert = store.getCertificate("token");
                material = new KeyMaterial(key, Base64.getEncoder().encodeToString(cert.getEncoded()),
                        Files.readString(pem));
            } finally {
                Loopback.deleteTree(tmp);
            }
        }
        return material;
    }

    /** Starts serving on 127.0.0.1 at a free port; the signing key is made with {@code keytool} on first use. */
    public static TokenServer start() {
        try {
            KeyMaterial m = material();
            Path dir = Files.createTempDirectory("xc-token-");
            Files.writeString(dir.resolve("root.pem"), m.pem());
            HttpServer http = HttpServer.create(Loopback.anyPort(), 16);
            TokenServer t = new TokenServer(http, dir, m.key(), m.x5c());
            http.createContext("/token", t::handle);
            http.start();
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the token server: " + e, e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    /** Adds a user who gets every action asked for. */
    public TokenServer user(String name, String password) {
        users.put(name, password);
        return this;
    }

    /** Whether requests without credentials get {@code pull}. */
    public TokenServer anonymousPull(boolean allowed) {
        anonymousPull = allowed;
        return this;
    }

    /** The {@code expires_in} of the next tokens. */
    public TokenServer tokenLifetime(Duration d) {
        lifetime = d;
        return this;
    }

    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public String service() {
        return "xc-test-registry";
    }

    public String issuer() {
        return "xc-test-issuer";
    }

    /** The PEM certificate the registry verifies tokens with. */
    public Path certificateBundle() {
        return dir.resolve("root.pem");
    }

    /** Token requests served so far (including refused ones). */
    public int requestCount() {
        return requests.get();
    }

    /** Every {@code scope} parameter received, in order. */
    public List<String> scopesAsked() {
        return List.copyOf(scopesAsked);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            String user = null;
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                String decoded = auth.startsWith("Basic ")
                        ? new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8) : "";
                int colon = decoded.indexOf(':');
                String name = colon > 0 ? decoded.substring(0, colon) : "";
                String pass = colon > 0 ? decoded.substring(colon + 1) : "";
                if (!pass.equals(users.get(name))) {
                    send(ex, 401, "{\"details\":\"wrong user name or password\"}");
                    return;
                }
                user = name;
            }
            StringBuilder access = new StringBuilder();
            String query = ex.getRequestURI().getRawQuery();
            if (query != null) {
                for (String part : query.split("&")) {
                    int eq = part.indexOf('=');
                    if (eq < 0 || !part.substring(0, eq).equals("scope")) {
                        continue;
                    }
                    String scope = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                    scopesAsked.add(scope);
                    String[] s = scope.split(":");
                    if (s.length != 3) {
                        continue;
                    }
                    List<String> granted = new ArrayList<>();
                    for (String action : s[2].split(",")) {
                        if (user != null || (anonymousPull && action.equals("pull"))) {
                            granted.add("\"" + json(action) + "\"");
                        }
                    }
                    if (!access.isEmpty()) {
                        access.append(',');
                    }
                    access.append("{\"type\":\"").append(json(s[0])).append("\",\"name\":\"").append(json(s[1]))
                            .append("\",\"actions\":[").append(String.join(",", granted)).append("]}");
                }
            }
            long now = Instant.now().getEpochSecond();
            long life = lifetime.toSeconds();
            String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + x5c + "\"]}";
            String claims = "{\"iss\":\"" + issuer() + "\",\"sub\":\"" + (user == null ? "" : json(user))
                    + "\",\"aud\":\"" + service() + "\",\"exp\":" + (now + Math.max(life, 1) + 5) + ",\"nbf\":"
                    + (now - 60) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":["
                    + access + "]}";
            String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64(claims.getBytes(StandardCharsets.UTF_8));
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(key);
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            String jwt = signingInput + "." + b64(sig.sign());
            send(ex, 200, "{\"token\":\"" + jwt + "\",\"access_token\":\"" + jwt + "\",\"expires_in\":" + life
                    + ",\"issued_at\":\"" + Instant.ofEpochSecond(now) + "\"}");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        Loopback.deleteTree(dir);
    }
}
