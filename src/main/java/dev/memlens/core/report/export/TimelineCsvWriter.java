package dev.memlens.core.report.export;

import dev.memlens.core.io.AtomicFiles;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.units.Bytes;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/** Exports the per-GPU timeline as CSV, one row per sample: elapsed time, GPU, used memory in bytes and MiB. */
public final class TimelineCsvWriter {
    public static final String HEADER = "elapsed_s,gpu_index,gpu_uuid,gpu_name,used_bytes,used_mib";

    private TimelineCsvWriter() {
    }

    public static void write(ProfileReport report, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(report, out));
    }

    public static void write(ProfileReport report, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (GpuTimeline t : report.timeline()) {
            String uuid = csv(t.uuid());
            String name = csv(t.name());
            for (int i = 0; i < t.size(); i++) {
                out.write(String.format(Locale.ROOT, "%.3f,%d,%s,%s,%d,%.1f%n", t.elapsedMillis(i) / 1000.0,
                        t.gpuIndex(), uuid, name, t.usedBytes(i), Bytes.toMib(t.usedBytes(i))));
            }
        }
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
