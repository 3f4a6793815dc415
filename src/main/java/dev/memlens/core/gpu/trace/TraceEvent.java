package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuGap;
import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import java.util.List;

/** One entry of a recorded trace, in file order. */
public sealed interface TraceEvent {
    long timestampMillis();

    record Sample(GpuSample sample) implements TraceEvent {
        @Override
        public long timestampMillis() {
            return sample.timestampMillis();
        }
    }

    record Processes(long timestampMillis, List<GpuProcessSample> processes) implements TraceEvent {
        public Processes {
            processes = List.copyOf(processes);
        }
    }

    record Gap(GpuGap gap) implements TraceEvent {
        @Override
        public long timestampMillis() {
            return gap.fromMillis();
        }
    }
}
