package dev.memlens.app.results;

import java.util.List;
import java.util.Locale;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The measured and calculated bars side by side on one scale, each segment labelled with its name and size where
 * it is tall enough (always on hover), unattributed memory hatched, unknown items named under the bar. Drawn by
 * hand: a StackedBarChart shows no values and no hatching.
 */
final class AccountBarsView extends Pane {
    private static final Color[] COLOURS = {Color.web("#0969da"), Color.web("#8250df"), Color.web("#bf8700"),
            Color.web("#57606a")};
    private static final Color TOTAL_COLOUR = Color.web("#1a7f37");
    private static final double AXIS_ROOM = 22;
    private static final double FOOT_ROOM = 48;
    private static final double MIN_LABEL_HEIGHT = 15;
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

    private void draw() {
        getChildren().clear();
        double w = getWidth();
        double h = getHeight();
        if (w <= 0 || h <= 0) {
            return;
        }
        double top = Math.max(bars.measuredSum(), bars.calculatedSum());
        double plotHeight = h - AXIS_ROOM - FOOT_ROOM;
        double barWidth = Math.max(60, Math.min(130, (w - 50) / 2));
        double gap = Math.max(8, (w - 2 * barWidth) / 3);
        drawBar("Measured", "measuredBar", bars.measured(), gap, barWidth, top, plotHeight, bars.unknown());
        drawBar("Calculated", "calculatedBar", bars.calculated(), 2 * gap + barWidth, barWidth, top, plotHeight,
                List.of());
    }

    private void drawBar(String title, String id, List<AccountBars.Segment> segments, double x, double width,
                         double top, double plotHeight, List<String> unknown) {
        double base = AXIS_ROOM + plotHeight;
        double y = base;
        double sum = segments.stream().mapToDouble(AccountBars.Segment::value).sum();
        for (int i = 0; i < segments.size(); i++) {
            AccountBars.Segment s = segments.get(i);
            double segHeight = top <= 0 ? 0 : s.value() / top * plotHeight;
            y -= segHeight;
            Rectangle r = new Rectangle(x, y, width, Math.max(0, segHeight - 1));
            r.setFill(fill(s));
            r.setStroke(Color.WHITE);
            r.getStyleClass().addAll("account-segment", s.hatched() ? "segment-hatched" : "segment-solid");
            r.setId(id + "-" + i);
            String text = s.name() + " " + String.format(Locale.ROOT, "%.2f %s", s.value(), bars.unitLabel());
            Tooltip.install(r, new Tooltip(text + (s.hatched() ? " (not attributed to any item)" : "")));
            getChildren().add(r);
            if (segHeight >= MIN_LABEL_HEIGHT) {
                // name and size on two lines where the segment is tall enough, else the size alone
                String size = String.format(Locale.ROOT, "%.2f %s", s.value(), bars.unitLabel());
                String shown = segHeight >= 2 * MIN_LABEL_HEIGHT && fits(s.name(), width - 6) ? s.name() + "\n" + size
                        : fits(size, width - 6) ? size : value(s);
                double labelHeight = shown.contains("\n") ? 28 : 14;
                Label l = new Label(shown);
                l.getStyleClass().add(s.hatched() ? "segment-label-dark" : "segment-label");
                l.setMouseTransparent(true);
                l.setId(id + "-label-" + i);
                l.resizeRelocate(x + 3, y + (segHeight - labelHeight) / 2, width - 6, labelHeight);
                getChildren().add(l);
            }
        }
        Label head = new Label(sum > 0 ? String.format(Locale.ROOT, "%.2f %s", sum, bars.unitLabel()) : "");
        head.getStyleClass().add("bar-total");
        head.setId(id + "-total");
        head.resizeRelocate(x, Math.max(0, y - 18), width, 16);
        Label name = new Label(title);
        name.getStyleClass().add("bar-title");
        name.resizeRelocate(x, base + 2, width, 16);
        getChildren().addAll(head, name);
        String foot = segments.isEmpty() ? (title.equals("Calculated") ? "type the calculator's values" : "no figures")
                : unknown.isEmpty() ? "" : "unknown: " + String.join(", ", unknown);
        if (!foot.isEmpty()) {
            Label f = new Label(foot);
            f.getStyleClass().add("text-muted");
            f.setWrapText(true);
            f.setId(id + "-note");
            f.resizeRelocate(x, base + 18, width, 30);
            getChildren().add(f);
        }
    }

    private static String value(AccountBars.Segment s) {
        return String.format(Locale.ROOT, "%.2f", s.value());
    }

    private static boolean fits(String text, double width) {
        Text t = new Text(text);
        t.setFont(javafx.scene.text.Font.font(11));
        return t.getLayoutBounds().getWidth() <= width;
    }

    private static javafx.scene.paint.Paint fill(AccountBars.Segment s) {
        Color base = s.colour() < 0 ? TOTAL_COLOUR : COLOURS[Math.min(s.colour(), COLOURS.length - 1)];
        if (!s.hatched()) {
            return base;
        }
        // diagonal stripes: what the account could not attribute
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
}
