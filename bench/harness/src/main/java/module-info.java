/**
 * The benchmark harness: runs xc's own unpack, push and digest code on an OCI image layout so that bench/compare
 * can time them against umoci, skopeo and sha256sum. Not part of the product.
 */
module dev.xc.bench {
    requires dev.xc.image;
    requires dev.xc.registry;
    requires static org.jspecify;

    exports dev.xc.bench;
}
