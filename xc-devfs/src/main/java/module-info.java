/**
 * The devfs backend: devfs rulesets generated per image, shared and reference-counted.
 */
module dev.xc.devfs {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires static org.jspecify;

    exports dev.xc.devfs;

    provides dev.xc.api.spi.DevfsProvider with dev.xc.devfs.DevfsRulesetProvider;
}
