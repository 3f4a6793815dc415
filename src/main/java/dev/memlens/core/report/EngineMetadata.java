package dev.memlens.core.report;

/** Which engine ran and how it was profiled; absent values are null. */
public record EngineMetadata(String engineType, String engineVersion, String profilingMethod, String profilerVersion,
                             String samplerTool) {
    public static EngineMetadata unknown() {
        return new EngineMetadata(null, null, null, null, null);
    }
}
