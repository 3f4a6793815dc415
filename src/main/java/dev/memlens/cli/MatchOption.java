package dev.memlens.cli;

import picocli.CommandLine.Option;

/** {@code --match SELECTOR}: label matchers that narrow the Prometheus series (trace and sample share it). */
public final class MatchOption {
    @Option(names = "--match", paramLabel = "SELECTOR",
            description = "with --prometheus: label matchers that narrow the series, e.g. '{Hostname=\"node1\"}'")
    String match;
}
