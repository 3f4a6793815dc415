package dev.memlens.app.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Where each phase band's label goes so that no two labels overlap: in the first of a few rows where its full name
 * fits after the labels already there, else elided ("KV al…") where that fits, else no text (the full name stays
 * on hover). Works in pixels; no JavaFX.
 */
public final class PhaseLabelLayout {
    /** A band from x0 to x1 (pixels) named name. */
    public record Band(String name, double x0, double x1) {
    }

    /** Where one band's label is drawn: its row (0 at the top), its left edge and its text ("" for none). */
    public record Placed(String name, int row, double x, String text) {
        public boolean elided() {
            return !text.equals(name);
        }
    }

    private static final double GAP = 4;
    private static final String ELLIPSIS = "…";
    private static final int SHORTEST_PREFIX = 2;

    private PhaseLabelLayout() {
    }

    /**
     * @param bands      in time order
     * @param rows       how many label rows there are
     * @param plotWidth  a label never goes past this edge
     * @param textWidth  how wide a text is drawn (label padding included)
     */
    public static List<Placed> place(List<Band> bands, int rows, double plotWidth, ToDoubleFunction<String> textWidth) {
        double[] rowEnd = new double[rows];
        java.util.Arrays.fill(rowEnd, Double.NEGATIVE_INFINITY);
        List<Placed> out = new ArrayList<>();
        for (Band b : bands) {
            double x = Math.max(0, b.x0());
            Placed placed = null;
            for (String text : candidates(b.name())) {
                double w = textWidth.applyAsDouble(text);
                // an elided name must stay within its own band; a full one may run past it when nothing is there
                double limit = text.equals(b.name()) ? plotWidth : Math.min(plotWidth, Math.max(b.x1(), x));
                for (int r = 0; r < rows && placed == null; r++) {
                    double start = Math.max(x, rowEnd[r] + GAP);
                    boolean nearItsBand = start <= Math.max(b.x0(), 0) + Math.max(GAP, (b.x1() - b.x0()) / 2);
                    if (nearItsBand && start + w <= limit) {
                        placed = new Placed(b.name(), r, start, text);
                        rowEnd[r] = start + w;
                    }
                }
                if (placed != null) {
                    break;
                }
            }
            out.add(placed != null ? placed : new Placed(b.name(), 0, x, ""));
        }
        return out;
    }

    /** The full name, then ever shorter prefixes with an ellipsis, down to two letters. */
    static List<String> candidates(String name) {
        List<String> c = new ArrayList<>();
        c.add(name);
        for (int n = name.length() - 1; n >= SHORTEST_PREFIX; n--) {
            String prefix = name.substring(0, n).stripTrailing();
            String e = prefix + ELLIPSIS;
            if (!c.contains(e)) {
                c.add(e);
            }
        }
        return c;
    }
}
