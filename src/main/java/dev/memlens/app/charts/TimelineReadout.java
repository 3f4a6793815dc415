package dev.memlens.app.charts;

import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.TimelinePlot;
import dev.memlens.core.units.MemoryUnit;
import java.util.List;
import java.util.Locale;

/**
 * The crosshair readout of saved timelines at a time: the time, each GPU's used memory at its latest sample and the
 * phase, for one run (Results) or for several, each line led by the run's short name (History's overlay).
 */
public final class TimelineReadout {
    /** A run on the chart: the short name its lines start with ("A"; empty for a chart of one run) and its report. */
    public record Run(String name, ProfileReport report) {
    }

    private TimelineReadout() {
    }

    /** The readout at a time (seconds), or null outside every run's timeline. */
    public static String at(double seconds, MemoryUnit unit, List<Run> runs) {
        if (seconds < 0 || runs.stream().noneMatch(r -> sampled(r.report()) && seconds <= TimelinePlot.endSeconds(r.report()))) {
            return null;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "t      %.1f s", seconds));
        for (Run run : runs) {
            ProfileReport r = run.report();
            if (!sampled(r) || seconds > TimelinePlot.endSeconds(r)) {
                continue;
            }
            String lead = run.name().isEmpty() ? "" : run.name() + " · ";
            for (GpuTimeline t : r.timeline()) {
                int at = -1;
                for (int i = 0; i < t.size() && t.elapsedMillis(i) / 1000.0 <= seconds; i++) {
                    at = i;
                }
                if (at >= 0) {
                    b.append(String.format(Locale.ROOT, "%n%sGPU %d  %.2f %s", lead, t.gpuIndex(),
                            unit.fromBytes(t.usedBytes(at)), unit.label()));
                }
            }
            for (TimelinePlot.Band band : TimelinePlot.bands(r)) {
                if (band.fromSeconds() <= seconds && seconds <= band.toSeconds()) {
                    b.append('\n').append(lead).append("phase  ").append(band.name());
                }
            }
        }
        return b.toString();
    }

    private static boolean sampled(ProfileReport r) {
        return r != null && r.timeline().stream().anyMatch(t -> t.size() > 0);
    }
}
