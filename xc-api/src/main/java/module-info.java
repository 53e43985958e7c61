/**
 * The public vocabulary of xc: model records, the {@code Engine} interface, errors, and the backend SPI.
 * Depends on {@code java.base} only.
 */
module dev.xc.api {
    requires static org.jspecify;

    exports dev.xc.api;
    exports dev.xc.api.image;
    exports dev.xc.api.container;
    exports dev.xc.api.net;
    exports dev.xc.api.volume;
    exports dev.xc.api.event;
    exports dev.xc.api.spi;

    uses dev.xc.api.EngineFactory;
}
