/**
 * {@code xc}: the command line, on top of {@code Engine} (remote by default, embedded with {@code --embedded} or when no
 * daemon runs).
 */
module dev.xc.cli {
    requires dev.xc.api;
    requires dev.xc.client;
    requires dev.xc.image; // the original's jail config JSON (xc image import -f, set-config, get-config)
    requires dev.xc.host;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires static org.jspecify;

    exports dev.xc.cli;
    opens dev.xc.cli.internal to info.picocli;

    uses dev.xc.api.EngineFactory;
}
