package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.report.ProcessMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GPU processes of a run: each process's own peak, and the polls by time, so that what the processes held at the
 * run's peak moment ({@link dev.memlens.core.report.RunPeak}'s, known only once the run is over) can be read for the
 * account, the report's processes section and the app's Processes tab alike. A poll equal to the one before is not
 * kept again: a long run keeps one poll per change, not one per interval.
 */
final class ProcessPeaks {
    private record Key(long pid, Integer gpuIndex, String gpuUuid) {
        static Key of(GpuProcessSample p) {
            return new Key(p.pid(), p.gpuIndex(), p.gpuIndex() == null ? p.gpuUuid() : null);
        }
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

    /** One kept poll: when (ms since the run started), the processes it listed, and them without their time. */
    private record Poll(long elapsedMillis, List<GpuProcessSample> processes, List<GpuProcessSample> untimed) {
        Map<Key, Long> bytes() {
            Map<Key, Long> bytes = new HashMap<>();
            processes.stream().filter(p -> p.usedBytes() != null).forEach(p -> bytes.merge(Key.of(p), p.usedBytes(),
                    Long::sum));
            return bytes;
        }
    }

    private final Map<Key, Seen> seen = new LinkedHashMap<>();
    private final List<Poll> polls = new ArrayList<>();

    /** One poll of the processes, {@code elapsedMillis} after the run started (the GPU samples' clock). */
    synchronized void poll(long elapsedMillis, List<GpuProcessSample> processes) {
        processes.forEach(p -> seen.computeIfAbsent(Key.of(p), k -> new Seen()).add(p));
        List<GpuProcessSample> untimed = processes.stream().map(p -> new GpuProcessSample(0, p.pid(), p.processName(),
                p.usedBytes(), p.gpuUuid(), p.gpuIndex())).toList();
        if (!polls.isEmpty() && polls.get(polls.size() - 1).untimed().equals(untimed)) {
            return;
        }
        polls.add(new Poll(elapsedMillis, List.copyOf(processes), untimed));
    }

    /**
     * The poll in effect at the run's peak moment: the latest at or before it (the first when polling began later);
     * the last poll when the moment is unknown (no timeline: the peak is the final snapshot's). Null when none.
     */
    private Poll atMoment(Long atMillis) {
        if (polls.isEmpty()) {
            return null;
        }
        if (atMillis == null) {
            return polls.get(polls.size() - 1);
        }
        Poll at = polls.get(0);
        for (Poll p : polls) {
            if (p.elapsedMillis() > atMillis) {
                break;
            }
            at = p;
        }
        return at;
    }

    /** The processes listed at the run's peak moment, empty when the sampler listed none. */
    synchronized List<GpuProcessSample> at(Long runPeakAtMillis) {
        Poll at = atMoment(runPeakAtMillis);
        return at == null ? List.of() : at.processes();
    }

    /**
     * Every process seen, in the order they first showed, with the UUID each GPU index had and what it held at the
     * run's peak moment.
     */
    synchronized List<ProcessMemory> processes(Map<Integer, String> uuidByIndex, Long runPeakAtMillis) {
        Poll at = atMoment(runPeakAtMillis);
        Map<Key, Long> atPeak = at == null ? Map.of() : at.bytes();
        List<ProcessMemory> out = new ArrayList<>();
        seen.forEach((key, s) -> {
            String uuid = key.gpuUuid() != null ? key.gpuUuid() : uuidByIndex.get(key.gpuIndex());
            out.add(new ProcessMemory(key.pid(), s.name, key.gpuIndex(), uuid, atPeak.get(key), s.peakBytes));
        });
        return out;
    }
}
