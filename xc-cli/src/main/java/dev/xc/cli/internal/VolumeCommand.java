package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.image.ImageReference;
import dev.xc.api.volume.VolumeCreateRequest;
import dev.xc.api.volume.VolumeDriver;
import dev.xc.api.volume.VolumeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code xc volume}: named volumes, mounted into containers with {@code -v NAME:/path}. */
@Command(name = "volume", mixinStandardHelpOptions = true,
        description = {"Create, list and remove named volumes. A container mounts one with -v NAME:/path",
                "(or -v NAME:KEY for a volume the image declares); its data outlives the container."},
        subcommands = {VolumeCommand.Create.class, VolumeCommand.ListVolumes.class, VolumeCommand.Remove.class})
final class VolumeCommand extends CommandGroup {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a volume. The zfs driver makes a dataset under default_volume_dataset with the",
                    "image volume's zfs.* hints (-i/-v) and the -o options as properties; the directory driver",
                    "makes a directory. DRIVER defaults to the storage backend's kind (zfs or directory).",
                    "Examples: xc volume create pgdata",
                    "          xc volume create -i freebsdxc/postgres:16 -v pgdata -o recordsize=16K pgdata zfs"})
    static final class Create extends EngineCommand implements Runnable {
        @Option(names = {"-i", "--image"}, paramLabel = "IMAGE",
                description = "Image whose volume spec is the template (needs -v).")
        String image;
        @Option(names = {"-v", "--volume"}, paramLabel = "KEY",
                description = "The image's volume (its key or mount point) whose hints to use (needs -i).")
        String volume;
        @Option(names = "--device", paramLabel = "PATH",
                description = "Use this existing directory (or dataset mount point) instead of creating one; "
                        + "removing the volume leaves it alone. (The original's -s; -s is the socket here.)")
        Path device;
        @Option(names = {"-o", "--zfs-option"}, paramLabel = "KEY=VALUE",
                description = "ZFS property set at creation (repeatable; zfs driver only).")
        List<String> options = new ArrayList<>();
        @Option(names = "--json", description = "Print the volume as JSON.")
        boolean json;
        @Parameters(index = "0", paramLabel = "NAME", description = "Volume name: a letter or digit, then letters, "
                + "digits, '_', '.', '-'.")
        String name;
        @Parameters(index = "1", arity = "0..1", paramLabel = "DRIVER", description = "zfs or directory.")
        String driver;

        Create(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            Map<String, String> zfs = VolumeCreateRequest.parseOptions(options);
            VolumeInfo info = engine(e -> {
                VolumeDriver d = driver != null ? VolumeDriver.parse(driver)
                        : !zfs.isEmpty() ? VolumeDriver.ZFS : defaultDriver(e);
                return e.createVolume(new VolumeCreateRequest(name, d, Optional.ofNullable(device)
                        .map(p -> p.toAbsolutePath().normalize()), zfs,
                        Optional.ofNullable(image).map(ImageReference::parse), Optional.ofNullable(volume)));
            });
            print(json ? Json.write(info) : "created volume " + info.name() + " (" + info.driver().id()
                    + ") at " + info.device());
        }

        /** zfs when the engine stores on ZFS, else directory. */
        private static VolumeDriver defaultDriver(Engine e) {
            boolean zfs = e.info().providers().stream()
                    .anyMatch(p -> p.kind().equals("storage") && p.selected() && p.name().equals("zfs"));
            return zfs ? VolumeDriver.ZFS : VolumeDriver.DIRECTORY;
        }
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
            description = "List volumes: driver, where the data is, the space it uses and the containers that mount it.")
    static final class ListVolumes extends EngineCommand implements Runnable {
        @Mixin
        ListingOptions listing;

        ListVolumes(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<VolumeInfo> all = engine(Engine::volumes);
            if (listing.json) {
                printJson(all);
                return;
            }
            Table t = new Table("NAME", "DRIVER", "DEVICE", "SIZE", "USED BY");
            for (VolumeInfo v : all) {
                t.row(v.name(), v.driver().id(), v.device().toString(),
                        v.usedBytes().map(ProgressPrinter::bytes).orElse("-"),
                        v.usedBy().isEmpty() ? "-" : String.join(",", v.usedBy()));
            }
            print(t.render(!listing.noHeader));
        }
    }

    @Command(name = "remove", aliases = "rm", mixinStandardHelpOptions = true,
            description = "Remove a volume and its data (refused while a container mounts it; a --device is kept).")
    static final class Remove extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "NAME")
        String name;

        Remove(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            useEngine(e -> e.removeVolume(name));
            print("removed volume " + name);
        }
    }
}
