package dev.memlens.app.charts;

import dev.memlens.core.vllm.breakdown.EngineBudget;
import io.fair_acc.chartfx.axes.Axis;
import io.fair_acc.chartfx.plugins.ChartPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * What MemLens draws over a memory timeline besides the data: phase labels that never overlap (staggered over two
 * rows, elided, or left to hover: {@link PhaseLabelLayout}; the full name is on each band's hover strip), level
 * lines with a label at their right end (the GPU's capacity, the engine's budget), and a crosshair with a readout of
 * the values at the pointer's time. Set the content from the FX thread; the chart calls {@link #layoutChildren}.
 */
public final class TimelineOverlay extends ChartPlugin {
    /** A phase from one time to another (seconds). */
    public record Phase(String name, double fromSeconds, double toSeconds) {
    }

    /** A horizontal line at a value of the memory axis, named at its right end; styleClass colours it. */
    public record Level(String name, double value, String styleClass) {
    }

    /**
     * One GPU's capacity line and, when the run has one ({@link EngineBudget#of}, null: none), its engine budget
     * line; none when the capacity is unknown. The lines and their labels are {@link CapacityLines}'.
     */
    public static List<Level> capacityAndBudget(Long capacityBytes, EngineBudget budget,
                                                dev.memlens.core.units.MemoryUnit unit) {
        if (capacityBytes == null) {
            return new ArrayList<>();
        }
        return CapacityLines.levels(List.of(capacityBytes), budget, unit);
    }

    /** The largest GPU's total memory of a report, null when its devices do not say. */
    public static Long capacityBytes(dev.memlens.core.report.ProfileReport r) {
        return r.gpus().devices().stream().map(d -> d.totalBytes()).filter(java.util.Objects::nonNull)
                .max(Long::compare).orElse(null);
    }

    static final int LABEL_ROWS = 2;
    private static final double ROW_HEIGHT = 16;
    private static final Font LABEL_FONT = Font.font(11);

    private final Axis timeAxis;
    private final Axis memoryAxis;
    private final List<Phase> phases = new ArrayList<>();
    private final List<Label> phaseLabels = new ArrayList<>();
    private final List<Region> hoverStrips = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final List<Line> levelLines = new ArrayList<>();
    private final List<Label> levelLabels = new ArrayList<>();
    private final Line crosshair = new Line();
    private final Label readout = new Label();
    private DoubleFunction<String> readoutText = t -> null;
    private List<PhaseLabelLayout.Placed> lastPlacement = List.of();
    private double[] lastLayoutInputs = new double[0];

    public TimelineOverlay(Axis timeAxis, Axis memoryAxis) {
        this.timeAxis = timeAxis;
        this.memoryAxis = memoryAxis;
        crosshair.getStyleClass().add("chart-crosshair");
        crosshair.setMouseTransparent(true);
        crosshair.setVisible(false);
        readout.getStyleClass().add("chart-readout");
        readout.setId("chartReadout");
        readout.setMouseTransparent(true);
        readout.setVisible(false);
        readout.setManaged(false);
        getChartChildren().addAll(crosshair, readout);
        registerInputEventHandler(MouseEvent.MOUSE_MOVED, this::pointerMoved);
        registerInputEventHandler(MouseEvent.MOUSE_EXITED, e -> hideCrosshair());
    }

    /** The phases, in time order; labels are laid out again at the next layout. */
    public void setPhases(List<Phase> newPhases) {
        if (newPhases.equals(phases)) {
            return;
        }
        boolean sameNames = newPhases.size() == phases.size();
        for (int i = 0; sameNames && i < phases.size(); i++) {
            sameNames = phases.get(i).name().equals(newPhases.get(i).name());
        }
        phases.clear();
        phases.addAll(newPhases);
        if (!sameNames) {
            getChartChildren().removeAll(phaseLabels);
            getChartChildren().removeAll(hoverStrips);
            phaseLabels.clear();
            hoverStrips.clear();
            for (Phase p : phases) {
                Region strip = new Region();
                strip.getStyleClass().add("phase-hover-strip");
                strip.setManaged(false);
                Tooltip.install(strip, new Tooltip(p.name()));
                hoverStrips.add(strip);
                Label label = new Label(p.name());
                label.getStyleClass().add("phase-label");
                label.setManaged(false);
                label.setMouseTransparent(true);
                label.setFont(LABEL_FONT);
                phaseLabels.add(label);
            }
            getChartChildren().addAll(0, hoverStrips);
            getChartChildren().addAll(hoverStrips.size(), phaseLabels);
        }
        requestLayout();
    }

    public void setLevels(List<Level> newLevels) {
        if (newLevels.equals(levels)) {
            return;
        }
        levels.clear();
        levels.addAll(newLevels);
        getChartChildren().removeAll(levelLines);
        getChartChildren().removeAll(levelLabels);
        levelLines.clear();
        levelLabels.clear();
        for (Level l : levels) {
            Line line = new Line();
            line.getStyleClass().addAll("level-line", l.styleClass());
            line.setMouseTransparent(true);
            line.setManaged(false);
            Label label = new Label(l.name());
            label.getStyleClass().addAll("level-label", l.styleClass());
            label.setMouseTransparent(true);
            label.setManaged(false);
            label.setFont(LABEL_FONT);
            levelLines.add(line);
            levelLabels.add(label);
        }
        getChartChildren().addAll(levelLines);
        getChartChildren().addAll(levelLabels);
        requestLayout();
    }

    /** What the readout says at a time (seconds); null shows none. */
    public void setReadout(DoubleFunction<String> text) {
        readoutText = text;
    }

    public List<Phase> phases() {
        return List.copyOf(phases);
    }

    public List<Level> levels() {
        return List.copyOf(levels);
    }

    /** The phase labels as last laid out: row, position and the text drawn ("" where only hover has it). */
    public List<PhaseLabelLayout.Placed> placedPhaseLabels() {
        return lastPlacement;
    }

    public Label readoutLabel() {
        return readout;
    }

    /** Shows the crosshair and readout at a time, as when the pointer is there (also for tests and screenshots). */
    public void showReadoutAt(double seconds) {
        Bounds area = plotArea();
        if (area == null) {
            return;
        }
        double x = area.getMinX() + timeAxis.getDisplayPosition(seconds);
        placeCrosshair(x, area.getMinY() + area.getHeight() / 3, seconds, area);
    }

    private void requestLayout() {
        if (getChart() != null) {
            getChart().requestLayout();
        }
    }

    private Bounds plotArea() {
        return getChart() == null ? null : getChart().getCanvas().getBoundsInParent();
    }

    private static double textWidth(String s) {
        Text t = new Text(s);
        t.setFont(LABEL_FONT);
        return t.getLayoutBounds().getWidth() + 8; // the label's padding and border
    }

    @Override
    public void layoutChildren() {
        place();
    }

    /**
     * ChartFX calls this in every pulse where the chart changed (an axis's range or size, the data, the plot area),
     * after it has laid out and drawn its axes: the labels go where the axes are now. The chart lays its plugins out
     * before its axes take a new range, so without this a range change with no new data would leave them placed
     * against the old one.
     */
    @Override
    public void runPostLayout() {
        Bounds area = plotArea();
        if (area != null && !java.util.Arrays.equals(layoutInputs(area), lastLayoutInputs)) {
            place();
        }
    }

    private void place() {
        Bounds area = plotArea();
        if (area == null || area.getWidth() <= 0) {
            return;
        }
        lastLayoutInputs = layoutInputs(area);
        List<PhaseLabelLayout.Band> bands = new ArrayList<>();
        for (Phase p : phases) {
            double x0 = clamp(timeAxis.getDisplayPosition(p.fromSeconds()), area.getWidth());
            double x1 = clamp(timeAxis.getDisplayPosition(p.toSeconds()), area.getWidth());
            bands.add(new PhaseLabelLayout.Band(p.name(), x0, Math.max(x0, x1)));
        }
        lastPlacement = PhaseLabelLayout.place(bands, LABEL_ROWS, area.getWidth(), TimelineOverlay::textWidth);
        for (int i = 0; i < phaseLabels.size() && i < lastPlacement.size(); i++) {
            PhaseLabelLayout.Placed placed = lastPlacement.get(i);
            Label label = phaseLabels.get(i);
            label.setText(placed.text());
            label.setVisible(!placed.text().isEmpty());
            label.resizeRelocate(area.getMinX() + placed.x(), area.getMinY() + 2 + placed.row() * ROW_HEIGHT,
                    textWidth(placed.text()), ROW_HEIGHT - 1);
            // the chart lays its plugins out after its own children: lay the label's text out now, or a snapshot
            // (and the first frame) can show the box before its text is placed in it
            label.applyCss();
            label.layout();
            PhaseLabelLayout.Band band = bands.get(i);
            hoverStrips.get(i).resizeRelocate(area.getMinX() + band.x0(), area.getMinY(), Math.max(2, band.x1() - band.x0()),
                    LABEL_ROWS * ROW_HEIGHT + 2);
        }
        layoutLevels(area);
    }

    /** What the labels and lines are placed against: the plot area, both axes' ranges and scales, the content. */
    private double[] layoutInputs(Bounds area) {
        return new double[] {area.getMinX(), area.getMinY(), area.getWidth(), area.getHeight(), timeAxis.getMin(),
                timeAxis.getMax(), memoryAxis.getMin(), memoryAxis.getMax(), timeAxis.getDisplayPosition(0),
                timeAxis.getDisplayPosition(1), memoryAxis.getDisplayPosition(0), memoryAxis.getDisplayPosition(1),
                phases.hashCode(), levels.hashCode()};
    }

    /** Each level line across the plot, its label under it at the right end; labels of close lines are stacked. */
    private void layoutLevels(Bounds area) {
        Integer[] order = new Integer[levels.size()];
        double[] ys = new double[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            order[i] = i;
            ys[i] = area.getMinY() + memoryAxis.getDisplayPosition(levels.get(i).value());
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> ys[i]));
        double top = area.getMinY() + LABEL_ROWS * ROW_HEIGHT + 2; // the phase labels keep the top rows
        double nextFree = top;
        double[] labelYs = new double[levels.size()];
        for (int i : order) {
            double wanted = Math.max(ys[i] + 1, top);
            labelYs[i] = Math.max(wanted, nextFree);
            nextFree = labelYs[i] + ROW_HEIGHT;
        }
        if (nextFree > area.getMaxY()) {
            // stacked past the bottom: stack them up from the bottom instead, still one row apart
            double bottom = area.getMaxY();
            for (int k = order.length - 1; k >= 0; k--) {
                int i = order[k];
                labelYs[i] = Math.max(area.getMinY(), Math.min(labelYs[i], bottom - ROW_HEIGHT));
                bottom = labelYs[i];
            }
        }
        for (int i = 0; i < levels.size(); i++) {
            double y = ys[i];
            boolean inside = y >= area.getMinY() && y <= area.getMaxY();
            Line line = levelLines.get(i);
            line.setVisible(inside);
            line.setStartX(area.getMinX());
            line.setEndX(area.getMaxX());
            line.setStartY(y);
            line.setEndY(y);
            Label label = levelLabels.get(i);
            label.setVisible(inside);
            double w = textWidth(label.getText());
            label.resizeRelocate(area.getMaxX() - w - 4, labelYs[i], w, ROW_HEIGHT - 1);
        }
    }

    /** The level labels' boxes as last laid out, in the order of {@link #levels()} (for tests). */
    public List<Bounds> levelLabelBounds() {
        return levelLabels.stream().map(Label::getBoundsInParent).toList();
    }

    private static double clamp(double x, double width) {
        return Double.isFinite(x) ? Math.max(0, Math.min(width, x)) : 0;
    }

    private void pointerMoved(MouseEvent e) {
        Bounds area = plotArea();
        if (area == null || !isMouseEventWithinCanvas(e)) {
            hideCrosshair();
            return;
        }
        Point2D p = getLocationInPlotArea(e);
        double seconds = timeAxis.getValueForDisplay(p.getX());
        placeCrosshair(area.getMinX() + p.getX(), area.getMinY() + p.getY(), seconds, area);
    }

    private void placeCrosshair(double x, double y, double seconds, Bounds area) {
        String text = readoutText.apply(seconds);
        if (text == null) {
            hideCrosshair();
            return;
        }
        crosshair.setStartX(x);
        crosshair.setEndX(x);
        crosshair.setStartY(area.getMinY());
        crosshair.setEndY(area.getMaxY());
        crosshair.setVisible(true);
        readout.setText(text);
        readout.applyCss();
        double w = readout.prefWidth(-1);
        double h = readout.prefHeight(w);
        // beside the pointer, on the side with room, never outside the plot
        double left = x + 12 + w <= area.getMaxX() ? x + 12 : x - 12 - w;
        double top = Math.max(area.getMinY(), Math.min(area.getMaxY() - h, y - h / 2));
        readout.resizeRelocate(Math.max(area.getMinX(), left), top, w, h);
        readout.setVisible(true);
        readout.toFront();
    }

    private void hideCrosshair() {
        crosshair.setVisible(false);
        readout.setVisible(false);
    }
}
