package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImageSummary;
import dev.xc.api.image.Platform;
import dev.xc.api.image.PullRequest;
import dev.xc.api.image.PushRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Image commands: {@code xc pull}, {@code xc images} and {@code xc image ...}. */
final class ImageCommands {

    private ImageCommands() {
    }

    static String summary(ImageInfo i) {
        return i.reference().familiar() + " " + i.digest() + " " + i.platform() + " (" + i.diffIds().size()
                + " layer" + (i.diffIds().size() == 1 ? "" : "s") + ", " + ProgressPrinter.bytes(i.size()) + ")";
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Pull an image from a registry: FreeBSD images first, then Linux ones (run under the",
                    "Linuxulator). Every blob is checked against its digest before it is used.",
                    "Example: xc pull freebsdxc/freebsd:13.2"})
    static final class Pull extends EngineCommand implements Runnable {
        @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
                description = "Pull this platform instead of the host's preference, e.g. linux/amd64.")
        String platform;
        @Option(names = {"-q", "--quiet"}, description = "Print only the result.")
        boolean quiet;
        @Option(names = "--json", description = "Print the pulled image as JSON.")
        boolean json;
        @Parameters(index = "0", paramLabel = "REFERENCE", description = "[registry/]name[:tag][@digest]")
        String reference;
        @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL", description = "Also tag it locally as this.")
        String local;

        Pull(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            PullRequest req = new PullRequest(ImageReference.parse(reference),
                    Optional.ofNullable(platform).map(Platform::parse), Optional.ofNullable(local).map(ImageReference::parse));
            ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(),
                    liveProgress(), quiet || json);
            ImageInfo info = engine(e -> e.pull(req, progress));
            progress.finish();
            print(json ? Json.write(info) : "pulled " + summary(info));
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Push a local image to a registry: its manifest, config and layers as stored (the same",
                    "digest). Blobs the registry has already are skipped. Credentials come from 'xc login'.",
                    "Example: xc push myjail:1 registry.example.org/me/myjail:1"})
    static final class Push extends EngineCommand implements Runnable {
        @Option(names = "--insecure", description = "Talk plain HTTP to the registry (loopback registries always are).")
        boolean insecure;
        @Option(names = {"-q", "--quiet"}, description = "Print only the result.")
        boolean quiet;
        @Parameters(index = "0", paramLabel = "LOCAL", description = "The local image, name[:tag].")
        String local;
        @Parameters(index = "1", paramLabel = "REMOTE", description = "Where to push it, registry/name[:tag].")
        String remote;

        Push(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            PushRequest req = new PushRequest(ImageReference.parse(local), ImageReference.parse(remote), insecure);
            ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(),
                    liveProgress(), quiet);
            ImageInfo info = engine(e -> {
                ImageInfo i = e.inspectImage(req.local());
                e.push(req, progress);
                return i;
            });
            progress.finish();
            print("pushed " + req.local().familiar() + " to " + req.remote().familiar() + " "
                    + info.digest());
        }
    }

    @Command(name = "images", mixinStandardHelpOptions = true, description = "List local images (same as 'xc image list').")
    static class Images extends EngineCommand implements Runnable {
        @Mixin
        ListingOptions listing;

        Images(Map<String, String> env) {
            super(env);
        }

        /** {@code xc image list}: the same listing under the original's name. */
        @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List local images.")
        static final class ListImages extends Images {
            ListImages(Map<String, String> env) {
                super(env);
            }
        }

        @Override
        public void run() {
            List<ImageSummary> all = engine(Engine::images);
            if (listing.json) {
                printJson(all);
                return;
            }
            Table t = new Table("REFERENCE", "DIGEST", "PLATFORM", "SIZE", "CREATED");
            for (ImageSummary s : all) {
                t.row(s.reference().familiar(), s.digest().shortHex(), s.platform().toString(),
                        ProgressPrinter.bytes(s.size()), s.created().map(Instant::toString).orElse("-"));
            }
            print(t.render(!listing.noHeader));
        }
    }

    @Command(name = "image", mixinStandardHelpOptions = true, description = "Manage local images.",
            subcommands = {ImageCommands.Images.ListImages.class, ImageCommands.Inspect.class, ImageCommands.Describe.class,
                    ImageCommands.Tag.class, ImageCommands.Remove.class, ImageConfigCommands.Import.class,
                    ImageConfigCommands.GetConfig.class, ImageConfigCommands.SetConfig.class,
                    ImageConfigCommands.Patch.class})
    static final class Image extends CommandGroup {
    }

    @Command(name = "inspect", aliases = "show", mixinStandardHelpOptions = true,
            description = "Show an image and its jail configuration as JSON.")
    static final class Inspect extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "REFERENCE")
        String reference;
        @Mixin
        JsonAlways jsonAlways;

        Inspect(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ImageReference ref = ImageReference.parse(reference);
            printJson(engine(e -> e.inspectImage(ref)));
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = {"Describe what an image needs: each environment variable (required or not, its",
                    "description and default), its ports, and its volumes with their hints."})
    static final class Describe extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        Describe(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ImageReference ref = ImageReference.parse(reference);
            ImageInfo info = engine(e -> e.inspectImage(ref));
            print(summary(info) + "\n\n" + info.config().describe());
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, description = "Give an image another reference.")
    static final class Tag extends EngineCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;
        @Parameters(index = "1", paramLabel = "TARGET")
        String target;

        Tag(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ImageReference s = ImageReference.parse(source);
            ImageReference t = ImageReference.parse(target);
            useEngine(e -> e.tagImage(s, t));
            print("tagged " + s.familiar() + " as " + t.familiar());
        }
    }

    @Command(name = "remove", aliases = "rm", mixinStandardHelpOptions = true,
            description = "Remove an image reference; the data goes with the next 'xc purge'.")
    static final class Remove extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "REFERENCE")
        String reference;

        Remove(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ImageReference ref = ImageReference.parse(reference);
            useEngine(e -> e.removeImage(ref));
            print("removed " + ref.familiar());
        }
    }
}
