package dev.memlens.core.gpu;

import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest used memory of each GPU and when it was first reached, kept as samples pass (constant memory at any
 * rate). Not thread-safe: feed it from the sink's one calling thread.
 */
public final class PeakTracker {
    /** One GPU's peak: the first sample that reached the highest used figure. */
    public record Peak(int index, String name, long usedBytes, long atMillis, long samples) {
    }

    private static final class Running {
        final int index;
        final String name;
        long usedBytes = Long.MIN_VALUE;
        long atMillis;
        long samples;

        Running(int index, String name) {
            this.index = index;
            this.name = name;
        }
    }

    private final Map<String, Running> running = new LinkedHashMap<>();

    public void add(GpuSample sample) {
        Running peak = running.get(sample.gpuKey());
        if (peak == null) {
            peak = new Running(sample.index(), sample.name());
            running.put(sample.gpuKey(), peak);
        }
        peak.samples++;
        if (sample.usedBytes() > peak.usedBytes) {
            peak.usedBytes = sample.usedBytes();
            peak.atMillis = sample.timestampMillis();
        }
    }

    public List<Peak> peaks() {
        List<Peak> list = new ArrayList<>();
        running.values().forEach(r -> list.add(new Peak(r.index, r.name, r.usedBytes, r.atMillis, r.samples)));
        return list;
    }

    /** "GPU 0 (NVIDIA H200): peak 9.21 GiB (9427.0 MiB) at 2026-12-01T10:02:03.123Z, baseline 0.51 GiB". */
    public List<String> lines(List<GpuSample> baseline) {
        List<String> lines = new ArrayList<>();
        for (Peak peak : peaks()) {
            String base = baseline.stream().filter(b -> b.index() == peak.index()).findFirst()
                    .map(b -> ", baseline " + Bytes.format(b.usedBytes(), MemoryUnit.GIB)).orElse("");
            lines.add("GPU " + peak.index() + (peak.name() == null ? "" : " (" + peak.name() + ")") + ": peak "
                    + Bytes.format(peak.usedBytes(), MemoryUnit.GIB) + String.format(java.util.Locale.ROOT,
                    " (%.1f MiB)", Bytes.toMib(peak.usedBytes())) + " at " + Instant.ofEpochMilli(peak.atMillis())
                    + base);
        }
        return lines;
    }
}
