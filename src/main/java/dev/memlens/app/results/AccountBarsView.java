package dev.memlens.app.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.Stop;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The measured and calculated bars side by side on one scale. Every segment can be told apart: its name and size
 * inside it where they fit, else a number beside the bar on a leader line and the same number in the key under the
 * bars with the name and size; the full text on hover. Unattributed memory is hatched, unknown items are named under
 * the bar. Drawn by hand: a StackedBarChart shows no values and no hatching.
 */
final class AccountBarsView extends Pane {
    private static final Color[] COLOURS = {Color.web("#0969da"), Color.web("#8250df"), Color.web("#bf8700"),
            Color.web("#57606a")};
    private static final Color TOTAL_COLOUR = Color.web("#1a7f37");
    private static final double AXIS_ROOM = 22;
    private static final double TITLE_ROOM = 20;
    private static final double NOTE_ROOM = 30;
    private static final double KEY_ROW = 16;
    private static final double MARKER_ROOM = 24;
    private static final double PAD = 8;
    private static final double KEY_INDENT = PAD + 16;
    private static final String KEY_GAP = "  ";
    private static final double ONE_LINE = 14;
    private static final double TWO_LINES = 28;
    private AccountBars bars = AccountBars.EMPTY;

    AccountBarsView(ObservableValue<AccountBars> source) {
        setId("accountBars");
        getStyleClass().add("account-bars");
        setMinHeight(180);
        setPrefHeight(260);
        source.addListener((o, a, b) -> show(b));
        show(source.getValue());
        widthProperty().addListener((o, a, b) -> draw());
        heightProperty().addListener((o, a, b) -> draw());
    }

    private void show(AccountBars b) {
        bars = b == null ? AccountBars.EMPTY : b;
        draw();
    }

    /** Where each bar sits and what scale both share. */
    private record Geometry(double barWidth, double measuredX, double calculatedX, double top, double plotHeight) {
        double base() {
            return AXIS_ROOM + plotHeight;
        }

        double height(double value) {
            return top <= 0 ? 0 : value / top * plotHeight;
        }
    }

    private void draw() {
        getChildren().clear();
        double w = getWidth();
        double h = getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        double top = Math.max(Math.max(bars.measuredSum(), bars.calculatedSum()),
                Math.max(orZero(bars.measuredTotal()), orZero(bars.calculatedTotal())));
        double barWidth = Math.max(60, Math.min(130, (w - 3 * PAD - 2 * MARKER_ROOM) / 2));
        double slot = barWidth + MARKER_ROOM;
        double gap = Math.max(PAD, (w - 2 * slot) / 3);
        double foot = TITLE_ROOM + (bars.unknown().isEmpty() && !bars.measured().isEmpty() && !bars.calculated().isEmpty()
                ? 0 : NOTE_ROOM);
        // the key's rows take room from the bars, which can push more segments into the key: settle in a few passes
        double keyHeight = 0;
        Geometry g = null;
        for (int pass = 0; pass < 3; pass++) {
            g = new Geometry(barWidth, gap, 2 * gap + slot, top, Math.max(40, h - AXIS_ROOM - foot - keyHeight));
            List<String> keyed = new ArrayList<>(keyed(bars.measured(), g));
            keyed.addAll(keyed(bars.calculated(), g));
            double height = 0;
            for (int i = 0; i < keyed.size(); i++) {
                height += keyRowHeight((i + 1) + KEY_GAP + keyed.get(i), w);
            }
            if (height == keyHeight) {
                break;
            }
            keyHeight = height;
        }
        List<KeyEntry> key = new ArrayList<>();
        drawBar("Measured", "measuredBar", bars.measured(), g.measuredX(), g, bars.measuredTotal(), bars.unknown(), key);
        drawBar("Calculated", "calculatedBar", bars.calculated(), g.calculatedX(), g, bars.calculatedTotal(), List.of(),
                key);
        drawKey(key, g.base() + foot, w);
    }

    /** A segment told apart by a number: the number, the bar's id and the segment's index, its text and fill. */
    private record KeyEntry(int number, String id, String text, Paint fill) {
    }

    /** The full texts of the segments too small for their name and size inside. */
    private List<String> keyed(List<AccountBars.Segment> segments, Geometry g) {
        List<String> out = new ArrayList<>();
        for (AccountBars.Segment s : segments) {
            if (inside(s, g.height(s.value()), g.barWidth()) == null) {
                out.add(s.name() + " " + size(s.value()));
            }
        }
        return out;
    }

    /** A key entry takes one line, or two where its text is wider than the pane. */
    private static double keyRowHeight(String text, double paneWidth) {
        return fits(text, paneWidth - KEY_INDENT) ? KEY_ROW : 2 * KEY_ROW - 2;
    }

    /** Places a node where drawn: unmanaged, so that the pane's layout does not resize it to its preferred size. */
    private void place(javafx.scene.layout.Region node, double x, double y, double width, double height) {
        node.setManaged(false);
        node.resizeRelocate(x, y, width, height);
        getChildren().add(node);
    }

    /** The text inside a segment: name and size on two lines or one, or null where neither fits. */
    private String inside(AccountBars.Segment s, double segHeight, double width) {
        String size = size(s.value());
        if (segHeight >= TWO_LINES && fits(s.name(), width - 6) && fits(size, width - 6)) {
            return s.name() + "\n" + size;
        }
        String oneLine = s.name() + " " + size;
        return segHeight >= ONE_LINE && fits(oneLine, width - 6) ? oneLine : null;
    }

    private void drawBar(String title, String id, List<AccountBars.Segment> segments, double x, Geometry g,
                         Double total, List<String> unknown, List<KeyEntry> key) {
        double width = g.barWidth();
        double y = g.base();
        double previousMarker = Double.MAX_VALUE;
        for (int i = 0; i < segments.size(); i++) {
            AccountBars.Segment s = segments.get(i);
            double segHeight = g.height(s.value());
            y -= segHeight;
            Rectangle r = new Rectangle(x, y, width, Math.max(0, segHeight - 1));
            Paint fill = fill(s);
            r.setFill(fill);
            r.setStroke(Color.WHITE);
            r.getStyleClass().addAll("account-segment", s.hatched() ? "segment-hatched" : "segment-solid");
            r.setId(id + "-" + i);
            String full = s.name() + " " + size(s.value());
            Tooltip.install(r, new Tooltip(full + (s.hatched() ? " (" + title.toLowerCase(Locale.ROOT)
                    + ", not attributed to any item)" : "")));
            getChildren().add(r);
            String shown = inside(s, segHeight, width);
            if (shown != null) {
                double labelHeight = shown.contains("\n") ? TWO_LINES : ONE_LINE;
                Label l = new Label(shown);
                l.getStyleClass().add(s.hatched() ? "segment-label-dark" : "segment-label");
                l.setMouseTransparent(true);
                l.setId(id + "-label-" + i);
                place(l, x + 3, y + (segHeight - labelHeight) / 2, width - 6, labelHeight);
                continue;
            }
            // too small: a numbered marker beside the bar on a leader line, markers kept apart going up the bar
            int number = key.size() + 1;
            double centre = y + segHeight / 2;
            double markerY = Math.min(centre, previousMarker - ONE_LINE);
            previousMarker = markerY;
            Line leader = new Line(x + width, centre, x + width + 8, markerY);
            leader.getStyleClass().add("segment-leader");
            leader.setStroke(Color.web("#57606a"));
            Label marker = new Label(String.valueOf(number));
            marker.getStyleClass().add("segment-marker");
            marker.setId(id + "-marker-" + i);
            marker.setTooltip(new Tooltip(full));
            getChildren().add(leader);
            place(marker, x + width + 9, markerY - ONE_LINE / 2, MARKER_ROOM - 9, ONE_LINE);
            key.add(new KeyEntry(number, id + "-key-" + i, number + KEY_GAP + full, fill));
        }
        double stackTop = y;
        double totalY = total == null ? stackTop : g.base() - g.height(total);
        double sum = segments.stream().mapToDouble(AccountBars.Segment::value).sum();
        double headValue = total != null ? total : sum;
        Label head = new Label(segments.isEmpty() && total == null ? "" : size(headValue));
        head.getStyleClass().add("bar-total");
        head.setId(id + "-total");
        place(head, x, Math.max(0, Math.min(stackTop, totalY) - 18), width, 16);
        Label name = new Label(title);
        name.getStyleClass().add("bar-title");
        place(name, x, g.base() + 2, width, 16);
        String foot = segments.isEmpty() ? (title.equals("Calculated") ? "type the calculator's values" : "no figures")
                : unknown.isEmpty() ? "" : "unknown: " + String.join(", ", unknown);
        if (!foot.isEmpty()) {
            Label f = new Label(foot);
            f.getStyleClass().add("text-muted");
            f.setWrapText(true);
            f.setId(id + "-note");
            place(f, x, g.base() + 18, width + MARKER_ROOM, NOTE_ROOM);
        }
    }

    private void drawKey(List<KeyEntry> key, double y, double w) {
        for (KeyEntry e : key) {
            Rectangle swatch = new Rectangle(PAD, y + 3, 10, 10);
            swatch.setFill(e.fill());
            swatch.setStroke(Color.web("#8c959f"));
            getChildren().add(swatch);
            Label l = new Label(e.text());
            l.setId(e.id());
            l.getStyleClass().add("segment-key");
            l.setWrapText(true);
            l.setTextOverrun(OverrunStyle.ELLIPSIS);
            l.setTooltip(new Tooltip(e.text()));
            double rowHeight = keyRowHeight(e.text(), w);
            place(l, KEY_INDENT, y, Math.max(0, w - KEY_INDENT), rowHeight);
            y += rowHeight;
        }
    }

    private String size(double value) {
        return String.format(Locale.ROOT, "%.2f %s", value, bars.unitLabel());
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }

    private static boolean fits(String text, double width) {
        Text t = new Text(text);
        t.setFont(javafx.scene.text.Font.font(11));
        return t.getLayoutBounds().getWidth() <= width;
    }

    private static Paint fill(AccountBars.Segment s) {
        Color base = s.colour() < 0 ? TOTAL_COLOUR : COLOURS[Math.min(s.colour(), COLOURS.length - 1)];
        if (!s.hatched()) {
            return base;
        }
        // diagonal stripes: what the account (or the calculator) did not attribute
        return new LinearGradient(0, 0, 8, 8, false, CycleMethod.REPEAT,
                new Stop(0, base.deriveColor(0, 1, 1, 0.35)), new Stop(0.5, base.deriveColor(0, 1, 1, 0.35)),
                new Stop(0.5, Color.WHITE), new Stop(1, Color.WHITE));
    }

    /** The bar's segments as drawn, for tests. */
    AccountBars bars() {
        return bars;
    }

    @Override
    protected double computeMinWidth(double height) {
        return 200;
    }

    /** Two bars with their markers and the room between them; the drawn nodes are unmanaged and size nothing. */
    @Override
    protected double computePrefWidth(double height) {
        return 340;
    }
}
