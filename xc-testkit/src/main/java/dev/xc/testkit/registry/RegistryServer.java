package dev.xc.testkit.registry;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (Distribution 2.8,
 * {@code /usr/bin/docker-registry}, package {@code docker-registry}) serving plain HTTP on {@code 127.0.0.1} at a
 * free port, with a temporary storage directory, and one of three kinds of authentication: none, htpasswd basic
 * authentication (the bcrypt hash is made in Java with Bouncy Castle's {@code OpenBSDBCrypt}), or bearer tokens from
 * a {@link TokenServer}.
 *
 * <p>{@link #start()} returns once the registry answers {@code GET /v2/}; {@link #close()} stops it and deletes its
 * directory. Its log is kept ({@link #logs()}) and included in start-up failures. Use one per test class
 * ({@code @BeforeAll}/{@code @AfterAll}).
 *
 * {@snippet :
 * try (RegistryServer registry = RegistryServer.builder().basicAuth("alice", "secret").start()) {
 *     String host = registry.host(); // "127.0.0.1:41234"
 * }
 * }
 */
public final class RegistryServer implements AutoCloseable {

    /** Where Debian installs the registry. */
    public static final Path EXECUTABLE = Path.of("/usr/bin/docker-registry");

    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final Path log;
    private final int port;

    private RegistryServer(Process process, Path dir, Path log, int port) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.port = port;
    }

    /** Whether the registry binary is installed, for {@code assumeTrue}. */
    public static boolean isAvailable() {
        return Files.isExecutable(EXECUTABLE);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:PORT}, as an image reference names the registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("http://" + host());
    }

    /** The registry's storage root (the filesystem driver's {@code rootdirectory}). */
    public Path storage() {
        return dir.resolve("storage");
    }

    /** Everything the registry logged so far. */
    public String logs() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Loopback.deleteTree(dir);
    }

    /** Chooses the authentication; not thread-safe. */
    public static final class Builder {
        private Optional<String[]> basic = Optional.empty();
        private Optional<TokenServer> token = Optional.empty();

        private Builder() {
        }

        /** Anyone may pull and push (the default). */
        public Builder anonymous() {
            basic = Optional.empty();
            token = Optional.empty();
            return this;
        }

        /** htpasswd basic authentication with one user. */
        public Builder basicAuth(String user, String password) {
            basic = Optional.of(new String[] {Objects.requireNonNull(user), Objects.requireNonNull(password)});
            return this;
        }

        /** Bearer tokens from {@code server}, which must be running. */
        public Builder tokenAuth(TokenServer server) {
            token = Optional.of(server);
            return this;
        }

        /** Starts the registry and waits until it answers {@code GET /v2/}. */
        public RegistryServer start() {
            if (!isAvailable()) {
                throw new IllegalStateException(EXECUTABLE + " is missing: install Debian's docker-registry package");
            }
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startOnce();
                } catch (IllegalStateException e) {
                    last = e; // most likely the port was taken between probing and binding
                }
            }
            throw Objects.requireNonNull(last);
        }

        private RegistryServer startOnce() {
            Path dir;
            try {
                dir = Files.createTempDirectory("xc-registry-");
                Files.createDirectories(dir.resolve("storage"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int port = Loopback.freePort();
            StringBuilder yaml = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n")
                    .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n')
                    .append("  delete:\n    enabled: true\n")
                    .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                    .append("  secret: ").append(HexFormat.of().formatHex(random(16))).append('\n')
                    .append("health:\n  storagedriver:\n    enabled: false\n");
            try {
                if (basic.isPresent()) {
                    Path htpasswd = dir.resolve("htpasswd");
                    Files.writeString(htpasswd, basic.get()[0] + ":" + bcrypt(basic.get()[1]) + "\n");
                    yaml.append("auth:\n  htpasswd:\n    realm: xc-test\n    path: ").append(htpasswd).append('\n');
                } else if (token.isPresent()) {
                    TokenServer t = token.get();
                    yaml.append("auth:\n  token:\n    realm: ").append(t.realm()).append('\n')
                            .append("    service: ").append(t.service()).append('\n')
                            .append("    issuer: ").append(t.issuer()).append('\n')
                            .append("    rootcertbundle: ").append(t.certificateBundle()).append('\n');
                }
                Path config = dir.resolve("config.yml");
                Files.writeString(config, yaml.toString());
                Path log = dir.resolve("registry.log");
                Process p = new ProcessBuilder(List.of(EXECUTABLE.toString(), "serve", config.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                RegistryServer server = new RegistryServer(p, dir, log, port);
                awaitReady(server);
                return server;
            } catch (IOException e) {
                Loopback.deleteTree(dir);
                throw new UncheckedIOException(e);
            }
        }

        private static void awaitReady(RegistryServer server) {
            Instant deadline = Instant.now().plus(START_DEADLINE);
            while (Instant.now().isBefore(deadline)) {
                if (!server.process.isAlive()) {
                    String logs = server.logs();
                    server.close();
                    throw new IllegalStateException("docker-registry exited at start-up:\n" + logs);
                }
                try {
                    HttpURLConnection c = (HttpURLConnection) server.uri().resolve("/v2/").toURL().openConnection();
                    c.setConnectTimeout(500);
                    c.setReadTimeout(2000);
                    int status = c.getResponseCode();
                    c.disconnect();
                    if (status == 200 || status == 401) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            String logs = server.logs();
            server.close();
            throw new IllegalStateException("docker-registry did not answer GET /v2/ within " + START_DEADLINE
                    + ":\n" + logs);
        }
    }

    /** A bcrypt hash of {@code password} in the {@code $2y$} form htpasswd writes. */
    public static String bcrypt(String password) {
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), random(16), 5);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "RegistryServer[" + host() + "]";
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
