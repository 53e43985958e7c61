package dev.xc.cli.internal;

import picocli.CommandLine.Option;

/** The output options of every listing command ({@code ps}, {@code images}, {@code network ls}, ...). */
final class ListingOptions {

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Option(names = "-H", description = "Leave out the header lines.")
    boolean noHeader;
}
