package dev.memlens.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest, so the jar, the app image and the IDE agree. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"MemLens " + version()};
    }

    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }
}
