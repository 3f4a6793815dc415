package dev.memlens.app.live;

import dev.memlens.core.run.RunPhase;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/** What the live chart's crosshair says at a time: the time, each GPU's used memory then, the total and the phase. */
final class LiveReadout {
    private LiveReadout() {
    }

    /**
     * @param total  the summed series when it is shown (several GPUs), else null
     * @param format bytes in the chosen unit
     * @return null before the first sample or outside the samples
     */
    static String at(double seconds, double latestSeconds, List<LiveSeries> gpus, LiveSeries total,
                     List<LivePhase> phases, LongFunction<String> format) {
        if (gpus.isEmpty() || seconds < 0 || seconds > latestSeconds + 1e-9) {
            return null;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "t      %.1f s", seconds));
        for (LiveSeries s : gpus) {
            appendValueAt(b, s, seconds, format);
        }
        if (total != null) {
            appendValueAt(b, total, seconds, format);
        }
        RunPhase phase = phaseAt(phases, seconds);
        if (phase != null) {
            b.append("\nphase  ").append(phase.label());
        }
        return b.toString();
    }

    private static void appendValueAt(StringBuilder b, LiveSeries s, double seconds, LongFunction<String> format) {
        int i = s.indexAfter(seconds) - 1;
        if (i >= 0) {
            b.append('\n').append(s.label()).append("  ").append(format.apply((long) s.value(i)));
        }
    }

    private static RunPhase phaseAt(List<LivePhase> phases, double seconds) {
        RunPhase at = null;
        for (LivePhase p : phases) {
            if (p.startSeconds() <= seconds) {
                at = p.phase();
            }
        }
        return at;
    }
}
