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
        Builder builder = new Builder();
        trace.events().forEach(builder::accept);
        return builder.build(TraceInfo.of(trace));
    }

    /** Summarises events as they stream by, holding one entry per GPU. */
    static final class Builder implements TraceSink {
        private final Map<String, Running> gpus = new LinkedHashMap<>();

        private static final class Running {
            final int index;
            final String uuid;
            String name;
            Long totalBytes;
            int samples;
            final long baselineUsedBytes;
            final long baselineMillis;
            long peakUsedBytes;
            long peakMillis;

            Running(GpuSample s) {
                index = s.index();
                uuid = s.uuid();
                name = s.name();
                totalBytes = s.totalBytes();
                baselineUsedBytes = s.usedBytes();
                baselineMillis = s.timestampMillis();
                peakUsedBytes = s.usedBytes();
                peakMillis = s.timestampMillis();
            }
        }

        @Override
        public void accept(TraceEvent event) {
            if (!(event instanceof TraceEvent.Sample sampleEvent)) {
                return;
            }
            GpuSample s = sampleEvent.sample();
            Running g = gpus.computeIfAbsent(s.gpuKey(), k -> new Running(s));
            g.samples++;
            if (g.name == null) {
                g.name = s.name();
            }
            if (s.totalBytes() != null) {
                g.totalBytes = s.totalBytes();
            }
            if (s.usedBytes() > g.peakUsedBytes) {
                g.peakUsedBytes = s.usedBytes();
                g.peakMillis = s.timestampMillis();
            }
        }

        TraceSummary build(TraceInfo info) {
            List<Gpu> ordered = new ArrayList<>();
            for (Running g : gpus.values()) {
                ordered.add(new Gpu(g.index, g.uuid, g.name, g.totalBytes, g.samples, g.baselineUsedBytes,
                        g.baselineMillis, g.peakUsedBytes, g.peakMillis));
            }
            ordered.sort((a, b) -> Integer.compare(a.index(), b.index()));
            return new TraceSummary(info.format(), info.realTimestamps(), ordered, info.warnings());
        }
    }
}
