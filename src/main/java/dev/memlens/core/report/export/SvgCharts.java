package dev.memlens.core.report.export;

import static dev.memlens.core.report.export.HtmlText.escape;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.TimelinePlot;
import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report's charts as inline SVG, drawn from the data: the timeline (a line per GPU, the total, phase
 * bands, baseline and peak markers) and the measured-vs-calculated stacked bars. Long timelines are reduced to
 * each bucket's minimum and maximum, so peaks survive and the file stays small.
 */
final class SvgCharts {
    /** The app's breakdown colours (memlens.css), in MemoryComponent order. */
    static final String[] COMPONENT_COLOURS = {"#0969da", "#8250df", "#bf8700", "#57606a"};
    static final String[] SERIES_COLOURS = {"#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#bc4c00", "#6e7781"};
    static final String TOTAL_COLOUR = "#24292f";
    private static final int MAX_POINTS_PER_SERIES = 1200;

    private static final int W = 920;
    private static final int H = 340;
    private static final int LEFT = 64;
    private static final int RIGHT = 24;
    private static final int TOP = 26;
    private static final int BOTTOM = 44;

    private SvgCharts() {
    }

    private record Series(String name, String colour, double[] x, double[] y, boolean total) {
    }

    static String timeline(ProfileReport r, MemoryUnit unit) {
        List<Series> series = series(r, unit);
        double end = 0;
        double top = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                end = Math.max(end, s.x[i]);
                top = Math.max(top, s.y[i]);
            }
        }
        end = end <= 0 ? 1 : end;
        double yMax = niceCeiling(top <= 0 ? 1 : top * 1.1);
        Scale sx = new Scale(0, end, LEFT, W - RIGHT);
        Scale sy = new Scale(0, yMax, H - BOTTOM, TOP);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart timeline\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Memory over time\">%n", W, H, W, H));
        phaseBands(svg, r, end, sx);
        axes(svg, sx, sy, end, yMax, unit);
        for (Series s : series) {
            svg.append("<polyline class=\"series").append(s.total ? " total" : "").append("\" fill=\"none\" stroke=\"")
                    .append(s.colour).append("\" stroke-width=\"").append(s.total ? "2" : "1.6").append('"')
                    .append(s.total ? " stroke-dasharray=\"6 3\"" : "").append(" points=\"");
            reduce(s, sx, sy, svg);
            svg.append("\"><title>").append(escape(s.name)).append("</title></polyline>\n");
        }
        markers(svg, series, sx, sy, unit);
        legend(svg, series);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static List<Series> series(ProfileReport r, MemoryUnit unit) {
        List<Series> list = new ArrayList<>();
        int n = 0;
        for (TimelinePlot.Line line : TimelinePlot.lines(r, unit)) {
            String colour = line.total() ? TOTAL_COLOUR : SERIES_COLOURS[n++ % SERIES_COLOURS.length];
            list.add(new Series(line.name(), colour, line.seconds(), line.values(), line.total()));
        }
        return list;
    }

    private static void phaseBands(StringBuilder svg, ProfileReport r, double end, Scale sx) {
        int i = 0;
        for (TimelinePlot.Band band : TimelinePlot.bands(r)) {
            double from = band.fromSeconds();
            double to = Math.min(band.toSeconds(), end);
            String name = band.name();
            double x0 = sx.map(from);
            double x1 = sx.map(to);
            svg.append(String.format(Locale.ROOT, "<g class=\"phase\"><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                            + " fill=\"%s\" stroke=\"rgba(9,105,218,0.35)\" stroke-width=\"0.6\"/>", x0, TOP, x1 - x0,
                    H - BOTTOM - TOP, i++ % 2 == 0 ? "rgba(9,105,218,0.07)" : "rgba(9,105,218,0.13)"));
            if (x1 - x0 > 28) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"phase-label\">%s</text>",
                        x0 + 3, TOP + 12, escape(name)));
            }
            svg.append("<title>").append(escape(name)).append(String.format(Locale.ROOT, ": %.1f–%.1f s", from, to))
                    .append("</title></g>\n");
        }
    }

    private static void axes(StringBuilder svg, Scale sx, Scale sy, double end, double yMax, MemoryUnit unit) {
        svg.append("<g class=\"axes\">");
        double yStep = niceStep(yMax / 5);
        for (double v = 0; v <= yMax + yStep / 1000; v += yStep) {
            double y = sy.map(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, tick(v)));
        }
        double xStep = niceStep(end / 8);
        for (double v = 0; v <= end + xStep / 1000; v += xStep) {
            double x = sx.map(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"tick\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, H - BOTTOM, x, H - BOTTOM + 4, x,
                    H - BOTTOM + 16, tick(v)));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>",
                LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s)</text>",
                (LEFT + W - RIGHT) / 2, H - BOTTOM + 32));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">"
                + "used memory (%s)</text>", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, escape(unit.label())));
        svg.append("</g>\n");
    }

    /** Baseline (first sample) and peak of the total line, or of the single GPU. */
    private static void markers(StringBuilder svg, List<Series> series, Scale sx, Scale sy, MemoryUnit unit) {
        if (series.isEmpty()) {
            return;
        }
        Series main = series.get(series.size() - 1);
        if (main.y.length == 0) {
            return;
        }
        int peak = 0;
        for (int i = 1; i < main.y.length; i++) {
            if (main.y[i] > main.y[peak]) {
                peak = i;
            }
        }
        double baseY = sy.map(main.y[0]);
        svg.append(String.format(Locale.ROOT, "<g class=\"marker baseline\"><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                        + " stroke=\"#57606a\" stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">baseline %.2f %s</text></g>%n",
                LEFT, baseY, W - RIGHT, baseY, W - RIGHT - 4, baseY - 4, main.y[0], escape(unit.label())));
        double px = sx.map(main.x[peak]);
        double py = sy.map(main.y[peak]);
        boolean labelLeft = px > W - 200;
        svg.append(String.format(Locale.ROOT, "<g class=\"marker peak\"><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                        + " stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#cf222e\"/>"
                        + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"#cf222e\">peak %.2f %s at %.1f s</text></g>%n",
                LEFT, py, W - RIGHT, py, px, py, labelLeft ? px - 8 : px + 8, py - 6, labelLeft ? "end" : "start",
                main.y[peak], escape(unit.label()), main.x[peak]));
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        double x = LEFT;
        int y = H - 8;
        svg.append("<g class=\"legend\">");
        for (Series s : series) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text>", x, y - 4, s.colour, x + 18, y, escape(s.name)));
            x += 30 + s.name.length() * 6.5;
        }
        svg.append("</g>\n");
    }

    /** Keeps each bucket's first, minimum and maximum points in time order. */
    private static void reduce(Series s, Scale sx, Scale sy, StringBuilder out) {
        int n = s.x.length;
        int bucket = Math.max(1, (int) Math.ceil(n / (double) (MAX_POINTS_PER_SERIES / 2)));
        for (int start = 0; start < n; start += bucket) {
            int stop = Math.min(n, start + bucket);
            if (bucket == 1) {
                point(out, sx.map(s.x[start]), sy.map(s.y[start]));
                continue;
            }
            int lo = start;
            int hi = start;
            for (int i = start; i < stop; i++) {
                lo = s.y[i] < s.y[lo] ? i : lo;
                hi = s.y[i] > s.y[hi] ? i : hi;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            point(out, sx.map(s.x[first]), sy.map(s.y[first]));
            if (second != first) {
                point(out, sx.map(s.x[second]), sy.map(s.y[second]));
            }
        }
    }

    private static void point(StringBuilder out, double x, double y) {
        out.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }

    static String breakdown(MemoryAccount account, CalculatorValues calc, MemoryUnit unit) {
        java.util.Map<MemoryComponent, Long> bars = account.barComponents();
        java.util.function.ToLongFunction<MemoryComponent> measured = c -> Math.max(0, bars.getOrDefault(c, 0L));
        int w = 480; // room for the legend's longest name ("Framework overhead")
        int h = 320;
        int left = 56;
        int bottom = 40;
        int top = 14;
        double measuredSum = 0;
        double calcSum = 0;
        for (MemoryComponent c : MemoryComponent.values()) {
            measuredSum += unit.fromBytes(measured.applyAsLong(c));
            calcSum += calc == null ? 0 : unit.fromBytes(calc.component(c).orElse(0L));
        }
        // the calculated bar is as tall as the calculated total the verdict judges (CalculatorValues owns it)
        double notSplit = calc == null ? 0 : calc.notSplitBytes().map(unit::fromBytes).orElse(0.0);
        calcSum = Math.max(calcSum + notSplit, calc == null ? 0 : calc.effectiveTotal().map(unit::fromBytes).orElse(0.0));
        double yMax = niceCeiling(Math.max(1e-9, Math.max(measuredSum, calcSum)) * 1.05);
        Scale sy = new Scale(0, yMax, h - bottom, top);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart breakdown\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Measured and calculated breakdown\">%n",
                w, h, w, h));
        svg.append("<g class=\"axes\">");
        double step = niceStep(yMax / 5);
        for (double v = 0; v <= yMax + step / 1000; v += step) {
            double y = sy.map(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left, y, 300, y, left - 6, y + 4, tick(v)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>",
                (top + h - bottom) / 2, (top + h - bottom) / 2, escape(unit.label())));
        svg.append("</g>\n");
        bar(svg, "Measured", left + 28, sy, c -> unit.fromBytes(measured.applyAsLong(c)), 0, unit, h - bottom,
                account.totalBytes() == null ? null : unit.fromBytes(account.totalBytes()));
        if (calc != null && !calc.components().isEmpty()) {
            bar(svg, "Calculated", left + 140, sy, c -> calc.component(c).map(unit::fromBytes).orElse(0.0), notSplit,
                    unit, h - bottom, calc.effectiveTotal().map(unit::fromBytes).orElse(null));
        } else if (calc != null && calc.totalBytes() != null) {
            double total = unit.fromBytes(calc.totalBytes());
            double y = sy.map(total);
            svg.append(String.format(Locale.ROOT, "<g class=\"bar\" data-bar=\"Calculated\"><rect x=\"%d\" y=\"%.1f\" width=\"80\" height=\"%.1f\""
                            + " fill=\"none\" stroke=\"#24292f\" stroke-dasharray=\"5 3\"><title>calculated total %.2f %s</title></rect>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">Calculated (total)</text></g>%n",
                    left + 140, y, (h - bottom) - y, total, escape(unit.label()), left + 180, h - bottom + 16));
        }
        int ly = top + 10;
        for (MemoryComponent c : MemoryComponent.values()) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"312\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"328\" y=\"%d\">%s</text>", ly, COMPONENT_COLOURS[c.ordinal()], ly + 9, escape(c.displayName())));
            ly += 18;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /**
     * One stacked bar, a rect per component (with its value where it is tall enough), then the part of the
     * calculator's total it did not split (dashed), and its total on top.
     */
    private static void bar(StringBuilder svg, String name, int x, Scale sy,
                            java.util.function.ToDoubleFunction<MemoryComponent> value, double notSplit,
                            MemoryUnit unit, int base, Double total) {
        svg.append("<g class=\"bar\" data-bar=\"").append(name).append("\">");
        double acc = 0;
        for (MemoryComponent c : MemoryComponent.values()) {
            double v = value.applyAsDouble(c);
            if (v <= 0) {
                continue;
            }
            double y0 = sy.map(acc);
            double y1 = sy.map(acc + v);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"80\" height=\"%.1f\" fill=\"%s\">"
                            + "<title>%s %s: %.2f %s</title></rect>", x, y1, y0 - y1, COMPONENT_COLOURS[c.ordinal()],
                    escape(c.displayName()), name.toLowerCase(Locale.ROOT), v, escape(unit.label())));
            if (y0 - y1 >= 14) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#ffffff\">%.2f</text>",
                        x + 40, (y0 + y1) / 2 + 4, v));
            }
            acc += v;
        }
        if (notSplit > 0) {
            double y0 = sy.map(acc);
            double y1 = sy.map(acc + notSplit);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"80\" height=\"%.1f\" fill=\"#ffffff\""
                            + " stroke=\"#1a7f37\" stroke-dasharray=\"4 2\" class=\"not-split\"><title>%s: %.2f %s</title></rect>",
                    x, y1, y0 - y1, escape(HumanNames.NOT_SPLIT), notSplit, escape(unit.label())));
            acc += notSplit;
        }
        double head = total == null ? acc : Math.max(acc, total);
        if (head > 0) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" class=\"bar-total\">%.2f</text>",
                    x + 40, sy.map(head) - 4, total == null ? acc : total));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text></g>%n", x + 40, base + 16, name));
    }

    private record Scale(double from, double to, double pixelFrom, double pixelTo) {
        double map(double v) {
            return pixelFrom + (v - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0 || Double.isNaN(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    private static double niceCeiling(double v) {
        double step = niceStep(v / 5);
        return Math.ceil(v / step) * step;
    }

    private static String tick(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? String.valueOf((long) Math.rint(v))
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
