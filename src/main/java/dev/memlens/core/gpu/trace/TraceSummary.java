package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuSample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per GPU: how many samples, the baseline (first sample) and the peak (first time the maximum is reached). */
public record TraceSummary(TraceFormat format, boolean realTimestamps, List<Gpu> gpus, List<String> warnings) {

    /** One GPU's figures; total is the last one reported (null if never). */
    public record Gpu(int index, String uuid, String name, Long totalBytes, int samples, long baselineUsedBytes,
                      long baselineMillis, long peakUsedBytes, long peakMillis) {
    }

    public static TraceSummary of(Trace trace) {
        Map<String, Gpu> gpus = new LinkedHashMap<>();
        for (GpuSample s : trace.samples()) {
            Gpu g = gpus.get(s.gpuKey());
            if (g == null) {
                gpus.put(s.gpuKey(), new Gpu(s.index(), s.uuid(), s.name(), s.totalBytes(), 1, s.usedBytes(),
                        s.timestampMillis(), s.usedBytes(), s.timestampMillis()));
                continue;
            }
            boolean newPeak = s.usedBytes() > g.peakUsedBytes();
            gpus.put(s.gpuKey(), new Gpu(g.index(), g.uuid(), g.name() != null ? g.name() : s.name(),
                    s.totalBytes() != null ? s.totalBytes() : g.totalBytes(), g.samples() + 1,
                    g.baselineUsedBytes(), g.baselineMillis(),
                    newPeak ? s.usedBytes() : g.peakUsedBytes(), newPeak ? s.timestampMillis() : g.peakMillis()));
        }
        List<Gpu> ordered = new ArrayList<>(gpus.values());
        ordered.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new TraceSummary(trace.format(), trace.realTimestamps(), ordered, trace.warnings());
    }
}
