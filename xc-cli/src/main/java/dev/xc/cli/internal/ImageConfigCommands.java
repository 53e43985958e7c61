package dev.xc.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.EnvSpec;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImportRequest;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.SpecialMount;
import dev.xc.api.image.VolumeSpec;
import dev.xc.image.XcImageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image commands that write local images: {@code xc image import}, {@code set-config}, {@code get-config} and
 * {@code patch}. Jail configurations are read and written in the original xc's JSON form (the {@code xc_extension}
 * object with snake_case keys), so files written for the original work here.
 */
final class ImageConfigCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageConfigCommands() {
    }

    /**
     * Reads a jail configuration: an {@code xc_extension} object, an object holding one under {@code xc_extension},
     * or a whole OCI image config (whose {@code config.xc_extension} is used, else its Docker fields are converted).
     */
    static JailConfig readConfig(byte[] bytes, String what) {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, what + " is not JSON: " + e.getOriginalMessage(),
                    "write the jail configuration as JSON, as 'xc image get-config' prints it");
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read " + what + ": " + e.getMessage(), "", e);
        }
        if (n == null || !n.isObject()) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, what + " is not a JSON object",
                    "write the jail configuration as a JSON object, as 'xc image get-config' prints it");
        }
        if (n.path("config").isObject() && n.has("rootfs")) {
            return XcImageConfig.jailConfig(bytes);
        }
        return XcImageConfig.readExtension(n.has(XcImageConfig.EXTENSION) ? n.get(XcImageConfig.EXTENSION) : n);
    }

    static JailConfig readConfig(Path file, InputStream stdin) {
        try {
            if (file.toString().equals("-")) {
                return readConfig(stdin.readAllBytes(), "standard input");
            }
            return readConfig(Files.readAllBytes(file), "config file " + file);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read config file " + file + ": " + e.getMessage(),
                    "check the path", e);
        }
    }

    static String writeConfig(JailConfig c) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(XcImageConfig.extensionNode(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a jail config", e);
        }
    }

    private static Map.Entry<String, String> pair(String text, String flag) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid " + flag + " '" + text
                    + "': write NAME=VALUE", "e.g. " + flag + " GREETING=hello");
        }
        return Map.entry(text.substring(0, eq), text.substring(eq + 1));
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Make a one-layer image from a root file system: a directory, or a tar archive (plain,",
                    "gzip or zstd) of one, such as a Bastille jail or an unpacked FreeBSD base. The tree is",
                    "checked like a pulled layer (nothing escapes the root), written as one reproducible layer",
                    "and stored; the image gets the jail configuration of -f (the original's JSON, as",
                    "'xc image get-config' prints it) or an empty one, with the flags below applied on top.",
                    "Examples:",
                    "  xc image import ./rootfs xc-demo/busybox:1",
                    "  xc image import base.tar.gz local/freebsd:14.1 --entry-point /bin/sh -- -c 'echo hi'",
                    "  xc image import /jails/www local/www:1 -f www.json"})
    static final class Import extends EngineCommand implements Runnable {
        @Option(names = {"-f", "--config-file"}, paramLabel = "FILE",
                description = "Jail configuration as JSON ('-' reads standard input).")
        Path configFile;
        @Option(names = "--entry-point", paramLabel = "PROGRAM",
                description = "The 'main' entry point (made the default): what 'xc run IMAGE' starts; its default "
                        + "arguments follow the reference.")
        String entryPoint;
        @Option(names = {"-e", "--env"}, paramLabel = "NAME=DEFAULT",
                description = "Declare an environment variable with its default (repeatable).")
        List<String> envs = new ArrayList<>();
        @Option(names = {"-q", "--quiet"}, description = "Print only the result.")
        boolean quiet;
        @Option(names = "--json", description = "Print the image as JSON.")
        boolean json;
        @Parameters(index = "0", paramLabel = "PATH", description = "Root directory or tar archive.")
        Path path;
        @Parameters(index = "1", paramLabel = "NAME:TAG", description = "Reference of the new image.")
        String reference;
        @Parameters(index = "2..*", paramLabel = "ARGS", description = "Default arguments of --entry-point, used "
                + "when a run gives none; put them after -- when one starts with '-'.")
        List<String> args = new ArrayList<>();

        Import(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ImageReference ref = ImageReference.parse(reference);
            JailConfig base = configFile == null ? JailConfig.empty() : readConfig(configFile, System.in);
            if (!args.isEmpty() && entryPoint == null) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "arguments after the reference ("
                        + String.join(" ", args) + ") need --entry-point", "name the program: xc image import PATH "
                        + reference + " --entry-point /bin/sh -- -c 'echo hi'");
            }
            JailConfig.Builder b = base.toBuilder();
            for (String e : envs) {
                Map.Entry<String, String> kv = pair(e, "--env");
                b.env(kv.getKey(), EnvSpec.withDefault(kv.getValue()));
            }
            if (entryPoint != null) {
                b.entryPoint("main", EntryPoint.of(entryPoint).withDefaultArgs(args)).defaultEntryPoint("main");
            }
            ImportRequest req = new ImportRequest(path.toAbsolutePath().normalize(), ref, b.build());
            ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(), false, quiet || json);
            ImageInfo info = engine(e -> e.importImage(req, progress));
            progress.finish();
            print(json ? Json.write(info) : "imported " + ImageCommands.summary(info));
        }
    }

    @Command(name = "get-config", mixinStandardHelpOptions = true,
            description = "Print an image's jail configuration as JSON (the original's xc_extension form).")
    static final class GetConfig extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        GetConfig(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ImageReference ref = ImageReference.parse(reference);
            print(writeConfig(engine(e -> e.inspectImage(ref)).config()));
        }
    }

    @Command(name = "set-config", mixinStandardHelpOptions = true,
            description = {"Replace an image's jail configuration with FILE (JSON; '-' reads standard input). The",
                    "image gets a new digest over the same layers; only REFERENCE moves to it.",
                    "Example: xc image get-config app:1 > c.json; edit c.json; xc image set-config app:1 c.json"})
    static final class SetConfig extends EngineCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "REFERENCE")
        String reference;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        SetConfig(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ImageReference ref = ImageReference.parse(reference);
            JailConfig c = readConfig(file, System.in);
            ImageInfo info = engine(e -> e.replaceImageConfig(ref, c));
            print("configured " + ImageCommands.summary(info));
        }
    }

    /** One change {@code xc image patch} applies. */
    interface Change {
        JailConfig apply(JailConfig config);
    }

    @Command(name = "patch", mixinStandardHelpOptions = true,
            description = {"Change one part of an image's jail configuration (a new digest over the same layers).",
                    "Example: xc image patch app:1 add-env --required -d 'database password' DB_PASSWORD"},
            subcommands = {AddEnv.class, AddExec.class, DefaultEntryPoint.class, AddVolume.class, MountProcfs.class,
                    MountFdescfs.class, ModAllow.class})
    static final class Patch extends EngineCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "REFERENCE")
        String reference;

        Patch(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            usage();
        }

        void apply(Change change) {
            ImageReference ref = ImageReference.parse(reference);
            ImageInfo info = engine(e ->
                    e.replaceImageConfig(ref, change.apply(e.inspectImage(ref).config())));
            print("patched " + ImageCommands.summary(info));
        }
    }

    /** Base of the patch sub-commands: applies {@link #change} to the parent's image. */
    abstract static class PatchCommand implements Runnable, Change {
        @ParentCommand
        Patch parent;

        @Override
        public final void run() {
            parent.apply(this);
        }
    }

    @Command(name = "add-env", mixinStandardHelpOptions = true,
            description = "Declare an environment variable: VAR or VAR=DEFAULT.")
    static final class AddEnv extends PatchCommand {
        @Option(names = "--required", description = "A run must set it.")
        boolean required;
        @Option(names = {"-d", "--description"}, paramLabel = "TEXT", description = "What it is for.")
        String description;
        @Parameters(paramLabel = "VAR[=DEFAULT]")
        String var;

        @Override
        public JailConfig apply(JailConfig c) {
            int eq = var.indexOf('=');
            String name = eq < 0 ? var : var.substring(0, eq);
            Optional<String> def = eq < 0 ? Optional.empty() : Optional.of(var.substring(eq + 1));
            return c.toBuilder().env(name, new EnvSpec(Optional.ofNullable(description), required, def)).build();
        }
    }

    @Command(name = "add-exec", mixinStandardHelpOptions = true,
            description = {"Add a named entry point: PROGRAM and its default arguments (used when a run gives none).",
                    "Example: xc image patch app:1 add-exec -n serve -e PORT=8080 /usr/local/bin/app --serve"})
    static final class AddExec extends PatchCommand {
        @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "Entry point name.")
        String name;
        @Option(names = {"-e", "--env"}, paramLabel = "K[=V]",
                description = "K=V sets a variable for it; K alone makes K required (repeatable).")
        List<String> envs = new ArrayList<>();
        @Option(names = "--require-env", paramLabel = "VAR", description = "A variable it needs (repeatable).")
        List<String> required = new ArrayList<>();
        @Option(names = {"-u", "--user"}, paramLabel = "USER")
        String user;
        @Option(names = {"-g", "--group"}, paramLabel = "GROUP")
        String group;
        @Option(names = {"-w", "--work-dir"}, paramLabel = "DIR")
        String workDir;
        @Parameters(index = "0", paramLabel = "PROGRAM")
        String program;
        @Parameters(index = "1..*", paramLabel = "ARGS")
        List<String> args = new ArrayList<>();

        @Override
        public JailConfig apply(JailConfig c) {
            Map<String, String> environ = new LinkedHashMap<>();
            List<String> needs = new ArrayList<>(required);
            for (String e : envs) {
                int eq = e.indexOf('=');
                if (eq < 0) {
                    needs.add(e);
                } else {
                    environ.put(e.substring(0, eq), e.substring(eq + 1));
                }
            }
            return c.toBuilder().entryPoint(name, new EntryPoint(program, List.of(), environ, false, args, needs,
                    Optional.ofNullable(workDir), Optional.ofNullable(user), Optional.ofNullable(group))).build();
        }
    }

    @Command(name = "default-entry-point", mixinStandardHelpOptions = true,
            description = "Make NAME the entry point a run starts when it names none.")
    static final class DefaultEntryPoint extends PatchCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public JailConfig apply(JailConfig c) {
            if (!c.entryPoints().containsKey(name)) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "the image has no entry point '" + name + "'"
                        + (c.entryPoints().isEmpty() ? " (it has none)" : " (it has: "
                        + String.join(", ", c.entryPoints().keySet()) + ")"), "add it first with add-exec -n " + name);
            }
            return c.toBuilder().defaultEntryPoint(name).build();
        }
    }

    @Command(name = "add-volume", mixinStandardHelpOptions = true,
            description = {"Declare a volume the image expects at MOUNT_POINT, with creation hints.",
                    "Example: xc image patch db:1 add-volume --name pgdata --hint zfs.recordsize=16K /var/db/postgres"})
    static final class AddVolume extends PatchCommand {
        @Option(names = {"-d", "--description"}, paramLabel = "TEXT")
        String description = "";
        @Option(names = "--hint", paramLabel = "K=V", description = "Creation hint, e.g. zfs.compression=off (repeatable).")
        List<String> hints = new ArrayList<>();
        @Option(names = "--read-only", description = "Mount it read-only.")
        boolean readOnly;
        @Option(names = "--name", paramLabel = "NAME", description = "Its key (default: the mount point).")
        String name;
        @Option(names = "--required", description = "A run must mount it.")
        boolean required;
        @Parameters(paramLabel = "MOUNT_POINT")
        String mountPoint;

        @Override
        public JailConfig apply(JailConfig c) {
            if (c.mounts().values().stream().anyMatch(v -> v.destination().equals(mountPoint))) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "the image already has a volume at "
                        + mountPoint, "patch that one with set-config, or choose another mount point");
            }
            Map<String, String> h = new LinkedHashMap<>();
            hints.forEach(t -> {
                Map.Entry<String, String> kv = pair(t, "--hint");
                h.put(kv.getKey(), kv.getValue());
            });
            return c.toBuilder().mount(name == null ? mountPoint : name, new VolumeSpec(description, mountPoint, h,
                    readOnly, required)).build();
        }
    }

    @Command(name = "mount-procfs", mixinStandardHelpOptions = true, description = "Mount procfs on /proc.")
    static final class MountProcfs extends PatchCommand {
        @Override
        public JailConfig apply(JailConfig c) {
            return c.toBuilder().specialMount(SpecialMount.procfs()).build();
        }
    }

    @Command(name = "mount-fdescfs", mixinStandardHelpOptions = true, description = "Mount fdescfs on /dev/fd.")
    static final class MountFdescfs extends PatchCommand {
        @Override
        public JailConfig apply(JailConfig c) {
            return c.toBuilder().specialMount(SpecialMount.fdescfs()).build();
        }
    }

    @Command(name = "mod-allow", mixinStandardHelpOptions = true,
            description = {"Add jail permissions (raw_sockets becomes allow.raw_sockets=1) or remove them with a",
                    "leading '-' (write those after --). Example: xc image patch app:1 mod-allow raw_sockets -- -mlock"})
    static final class ModAllow extends PatchCommand {
        @Parameters(arity = "1..*", paramLabel = "[-]ALLOW")
        List<String> allows = new ArrayList<>();

        @Override
        public JailConfig apply(JailConfig c) {
            JailConfig.Builder b = c.toBuilder();
            for (String a : allows) {
                if (a.startsWith("-")) {
                    b.disallow(a.substring(1));
                } else {
                    b.allow(a);
                }
            }
            return b.build();
        }
    }
}
