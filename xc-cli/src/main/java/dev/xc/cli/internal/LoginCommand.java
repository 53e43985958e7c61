package dev.xc.cli.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.RegistryCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code xc login}: checks credentials with the registry and stores them (mode 0600). */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Store credentials for a registry, after checking them with it.",
                "Example: echo \"$TOKEN\" | xc login -u me --password-stdin ghcr.io"})
final class LoginCommand extends EngineCommand implements Runnable {


    @Option(names = {"-u", "--username"}, required = true, paramLabel = "USER", description = "User name.")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "Password or token (visible to other users in ps; prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input (first line).")
    boolean passwordStdin;

    @Option(names = "--insecure", description = "Talk plain HTTP to this registry.")
    boolean insecure;

    @Parameters(paramLabel = "SERVER", description = "Registry host[:port], e.g. ghcr.io or localhost:5000.")
    String server;
    private final InputStream in;

    LoginCommand(Map<String, String> env, InputStream in) {
        super(env);
        this.in = in;
    }

    @Override
    public void run() {
        String secret = secret();
        RegistryCredentials c = new RegistryCredentials(server, username, secret, insecure);
        useEngine(e -> e.login(c));
        print("login succeeded: " + c.server() + " as " + username);
    }

    private String secret() {
        if (password != null && passwordStdin) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "--password and --password-stdin exclude each other",
                    "pass the password one way");
        }
        if (password != null) {
            return password;
        }
        if (passwordStdin) {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "no password on standard input",
                            "pipe it in: echo \"$TOKEN\" | xc login -u USER --password-stdin SERVER");
                }
                return line;
            } catch (IOException e) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot read standard input: " + e.getMessage(), "");
            }
        }
        Console console = System.console();
        if (console == null) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "a password is needed and there is no terminal to ask on",
                    "pass --password-stdin and pipe the password in");
        }
        char[] pw = console.readPassword("Password for %s@%s: ", username, server);
        if (pw == null || pw.length == 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "no password entered", "enter it at the prompt");
        }
        return new String(pw);
    }
}
