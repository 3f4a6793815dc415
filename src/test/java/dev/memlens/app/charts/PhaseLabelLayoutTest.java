package dev.memlens.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.charts.PhaseLabelLayout.Band;
import dev.memlens.app.charts.PhaseLabelLayout.Placed;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseLabelLayoutTest {
    /** 7 px a character plus 8 px padding, about what an 11 px label needs. */
    private static double width(String s) {
        return 7 * s.length() + 8;
    }

    @Test
    void wideBandsKeepTheirFullNamesOnTheFirstRow() {
        List<Placed> p = PhaseLabelLayout.place(List.of(new Band("Loading", 0, 200), new Band("Measuring", 200, 900)),
                2, 900, PhaseLabelLayoutTest::width);
        assertEquals(new Placed("Loading", 0, 0, "Loading"), p.get(0));
        assertEquals(new Placed("Measuring", 0, 200, "Measuring"), p.get(1));
    }

    @Test
    void aClumpOfShortPhasesIsStaggeredThenElidedThenLeftToHoverAndNeverOverlaps() {
        // the evidence: five phases in the first few seconds of a 120 s axis, a few pixels each
        List<Band> bands = List.of(new Band("Loading", 0, 12), new Band("Profiling", 12, 20),
                new Band("KV allocation", 20, 26), new Band("CUDA graphs", 26, 34), new Band("Warm-up", 34, 40),
                new Band("Measuring", 40, 900));
        List<Placed> p = PhaseLabelLayout.place(bands, 2, 900, PhaseLabelLayoutTest::width);
        assertEquals(bands.size(), p.size());
        for (int i = 0; i < p.size(); i++) {
            for (int j = i + 1; j < p.size(); j++) {
                Placed a = p.get(i);
                Placed b = p.get(j);
                if (a.row() == b.row() && !a.text().isEmpty() && !b.text().isEmpty()) {
                    assertTrue(a.x() + width(a.text()) <= b.x() || b.x() + width(b.text()) <= a.x(),
                            a + " overlaps " + b);
                }
            }
        }
        assertEquals("Loading", p.get(0).text());
        assertEquals(1, p.get(1).row(), "the second label goes to the second row");
        assertTrue(p.stream().anyMatch(x -> x.text().isEmpty() || x.elided()), "some labels had to give way: " + p);
        assertEquals("Measuring", p.get(5).text(), "the long phase keeps its name");
    }

    @Test
    void elisionKeepsAPrefixWithAnEllipsis() {
        assertEquals(List.of("Warm-up", "Warm-u…", "Warm-…", "Warm…", "War…", "Wa…"), PhaseLabelLayout.candidates("Warm-up"));
        // the full name would run past the plot's edge, so an elided one is drawn inside the band
        List<Placed> p = PhaseLabelLayout.place(List.of(new Band("Loading", 0, 300), new Band("KV allocation", 300, 360)),
                1, 360, PhaseLabelLayoutTest::width);
        assertFalse(p.get(0).elided());
        assertTrue(p.get(1).elided() && p.get(1).text().endsWith("…"), p.get(1).toString());
        assertTrue(p.get(1).x() + width(p.get(1).text()) <= 360, "an elided label stays in its band");
    }

    @Test
    void aLabelNeverRunsPastThePlotsRightEdge() {
        List<Placed> p = PhaseLabelLayout.place(List.of(new Band("Freeing memory", 380, 400)), 2, 400,
                PhaseLabelLayoutTest::width);
        assertTrue(p.get(0).text().isEmpty() || p.get(0).x() + width(p.get(0).text()) <= 400, p.toString());
    }
}
