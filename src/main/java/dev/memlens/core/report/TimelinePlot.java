package dev.memlens.core.report;

import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What every timeline chart draws from a report (the app's chart, the HTML report's SVG): one line per GPU in a
 * display unit, the total when the GPUs were sampled on one clock, and the phase bands.
 */
public final class TimelinePlot {
    private TimelinePlot() {
    }

    /** One line: seconds since the run started against used memory in the display unit. */
    public record Line(String name, double[] seconds, double[] values, boolean total) {
        public double max() {
            double m = 0;
            for (double v : values) {
                m = Math.max(m, v);
            }
            return m;
        }
    }

    /** A phase from its start to the next phase's start (or the last sample). */
    public record Band(String phase, double fromSeconds, double toSeconds) {
        /** The phase's human name ("KV allocation" for {@code kv-allocation}), as every view shows it. */
        public String name() {
            return HumanNames.phase(phase);
        }
    }

    /** A line per GPU, then the total when there are several GPUs with the same sample times. */
    public static List<Line> lines(ProfileReport r, MemoryUnit unit) {
        List<Line> lines = new ArrayList<>();
        double[] totalX = null;
        double[] totalY = null;
        boolean sameClock = r.timeline().size() > 1;
        for (GpuTimeline t : r.timeline()) {
            double[] x = new double[t.size()];
            double[] y = new double[t.size()];
            for (int i = 0; i < t.size(); i++) {
                x[i] = t.elapsedMillis(i) / 1000.0;
                y[i] = unit.fromBytes(t.usedBytes(i));
            }
            lines.add(new Line("GPU " + t.gpuIndex() + (t.name() == null ? "" : " " + t.name()), x, y, false));
            if (sameClock) {
                if (totalY == null) {
                    totalX = x;
                    totalY = y.clone();
                } else if (y.length == totalY.length) {
                    for (int i = 0; i < y.length; i++) {
                        totalY[i] += y[i];
                    }
                } else {
                    sameClock = false;
                }
            }
        }
        if (sameClock && totalY != null) {
            lines.add(new Line("total", totalX, totalY, true));
        }
        return lines;
    }

    /** Seconds from the start to the last sample of any GPU (0 without samples). */
    public static double endSeconds(ProfileReport r) {
        double end = 0;
        for (GpuTimeline t : r.timeline()) {
            end = Math.max(end, t.size() == 0 ? 0 : t.elapsedMillis(t.size() - 1) / 1000.0);
        }
        return end;
    }

    /** The phases worth a band: not empty, not idle, the last one ending at the last sample. */
    public static List<Band> bands(ProfileReport r) {
        double end = endSeconds(r);
        List<PhaseMark> phases = r.phases();
        List<Band> bands = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            double from = phases.get(i).startMillis() / 1000.0;
            double to = Math.min(end, i + 1 < phases.size() ? phases.get(i + 1).startMillis() / 1000.0 : end);
            if (to > from && !phases.get(i).phase().equals("idle")) {
                bands.add(new Band(phases.get(i).phase(), from, to));
            }
        }
        return bands;
    }
}
