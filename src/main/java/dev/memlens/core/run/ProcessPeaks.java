package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.report.ProcessMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPU processes of a run for its report: each process's own peak, and what it held at the poll where the GPUs
 * together held most (the run's peak as the sampler last saw it). Keeps one entry per process and GPU, not the polls.
 */
final class ProcessPeaks {
    private record Key(long pid, Integer gpuIndex, String gpuUuid) {
    }

    private static final class Seen {
        String name;
        Long peakBytes;

        void add(GpuProcessSample p) {
            if (p.processName() != null) {
                name = p.processName();
            }
            if (p.usedBytes() != null && (peakBytes == null || p.usedBytes() > peakBytes)) {
                peakBytes = p.usedBytes();
            }
        }
    }

    private final Map<Key, Seen> seen = new LinkedHashMap<>();
    private Map<Key, Long> atRunPeak = Map.of();
    private long runPeakUsedBytes = Long.MIN_VALUE;

    /**
     * One poll of the processes.
     *
     * @param gpusUsedBytes the summed used memory of the GPUs at their latest samples when the poll came
     */
    synchronized void poll(List<GpuProcessSample> processes, long gpusUsedBytes) {
        Map<Key, Long> now = new HashMap<>();
        for (GpuProcessSample p : processes) {
            Key key = new Key(p.pid(), p.gpuIndex(), p.gpuIndex() == null ? p.gpuUuid() : null);
            seen.computeIfAbsent(key, k -> new Seen()).add(p);
            if (p.usedBytes() != null) {
                now.merge(key, p.usedBytes(), Long::sum);
            }
        }
        // ties keep the first: the peak is where the GPUs reached it, not where they stayed
        if (gpusUsedBytes > runPeakUsedBytes) {
            runPeakUsedBytes = gpusUsedBytes;
            atRunPeak = now;
        }
    }

    /** Every process seen, in the order they first showed, with the UUID each GPU index had. */
    synchronized List<ProcessMemory> processes(Map<Integer, String> uuidByIndex) {
        List<ProcessMemory> out = new ArrayList<>();
        seen.forEach((key, s) -> {
            String uuid = key.gpuUuid() != null ? key.gpuUuid() : uuidByIndex.get(key.gpuIndex());
            out.add(new ProcessMemory(key.pid(), s.name, key.gpuIndex(), uuid, atRunPeak.get(key), s.peakBytes));
        });
        return out;
    }
}
