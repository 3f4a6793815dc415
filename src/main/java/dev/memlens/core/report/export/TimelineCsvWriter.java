package dev.memlens.core.report.export;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.trace.SampleCsv;
import dev.memlens.core.io.AtomicFiles;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * Exports the per-GPU timeline in MemLens's sample CSV ({@link SampleCsv}, what {@code memlens sample} writes), one
 * row per sample with exact bytes and the GPU's identity, so {@code memlens trace} and the replay read it back.
 * Times are the run's start plus each sample's elapsed time (the run's start is the epoch when it is unknown).
 */
public final class TimelineCsvWriter {
    public static final String HEADER = SampleCsv.HEADER;

    private TimelineCsvWriter() {
    }

    public static void write(ProfileReport report, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(report, out));
    }

    public static void write(ProfileReport report, Writer out) throws IOException {
        out.write(SampleCsv.preamble());
        long start = report.startedAt() == null ? 0 : report.startedAt().toEpochMilli();
        for (GpuTimeline t : report.timeline()) {
            Long total = totalBytes(report, t.gpuIndex());
            for (int i = 0; i < t.size(); i++) {
                out.write(SampleCsv.row(GpuSample.of(start + t.elapsedMillis(i), t.gpuIndex(), t.uuid(), t.name(),
                        t.usedBytes(i), total, null, null, null)));
            }
        }
    }

    private static Long totalBytes(ProfileReport report, int gpuIndex) {
        for (GpuDevice d : report.gpus().devices()) {
            if (d.index() == gpuIndex) {
                return d.totalBytes();
            }
        }
        return null;
    }
}
