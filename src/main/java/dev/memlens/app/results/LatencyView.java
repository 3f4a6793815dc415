package dev.memlens.app.results;

import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.LatencyTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Latency of bench and API runs: per distribution (end-to-end; for API runs also time to first token and
 * inter-token latency) its mean, spread and percentiles in milliseconds, a histogram of the recorded values of the
 * chosen one, and the output tokens per second.
 */
final class LatencyView extends VBox {
    private static final int BINS = 20;
    private static final double TABLE_ROW = 26;
    private static final double TABLE_HEADER = 32;
    private static final double TABLE_SCROLLBAR = 16;
    private final TableView<Map<String, String>> table = new TableView<>();
    private final ComboBox<String> pick = new ComboBox<>();
    private final BarChart<String, Number> histogram = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label throughput = new Label();
    /** What the histogram shows ("End-to-end latency (E2E) · 3 values"): beside the picker, not a chart title. */
    private final Label histogramCaption = new Label();
    private final Label empty = new Label("This run recorded no latency (memory-only modes measure none).");
    private Map<String, LatencyStats> distributions = Map.of();

    LatencyView(ObservableValue<ProfileReport> report) {
        setId("latencyView");
        setSpacing(6);
        setPadding(new Insets(6));
        table.setId("latencyTable");
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        // one row per distribution: the table is as tall as its rows, the histogram takes the rest
        table.setFixedCellSize(TABLE_ROW);
        table.setMinHeight(TABLE_HEADER + TABLE_ROW + TABLE_SCROLLBAR);
        pick.setId("latencyPick");
        pick.valueProperty().addListener((o, a, name) -> drawHistogram(name));
        histogram.setId("latencyHistogram");
        histogram.setAnimated(false);
        histogram.setLegendVisible(false);
        histogram.setBarGap(0);
        histogram.setCategoryGap(1);
        histogram.getXAxis().setLabel("latency [ms]");
        NumberAxis counts = (NumberAxis) histogram.getYAxis();
        counts.setLabel("requests");
        counts.setMinorTickVisible(false);
        counts.setForceZeroInRange(true);
        // whole counts only: no 0.5 requests on the axis
        counts.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Math.abs(n.doubleValue() - Math.rint(n.doubleValue())) < 1e-9
                        ? String.valueOf(Math.round(n.doubleValue())) : "";
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text);
            }
        });
        histogram.setMinHeight(160);
        VBox.setVgrow(histogram, Priority.ALWAYS);
        throughput.setId("latencyThroughput");
        throughput.getStyleClass().add("text-bold");
        empty.getStyleClass().add("text-muted");
        histogramCaption.setId("latencyHistogramCaption");
        histogramCaption.getStyleClass().add("text-muted");
        HBox bar = new HBox(10, new Label("Histogram of"), pick, histogramCaption, throughput);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(empty, table, bar, histogram);
        report.addListener((o, a, r) -> show(r));
        show(report.getValue());
    }

    /** The distributions a report holds, by human name, in the order they are shown. */
    static Map<String, LatencyStats> distributions(ProfileReport r) {
        return LatencyTable.of(r).distributions();
    }

    /** Output tokens per second: the API run's own figure, or a bench run's batch × output length ÷ mean latency. */
    static Double tokensPerSecond(ProfileReport r) {
        return LatencyTable.tokensPerSecond(r);
    }

    private void show(ProfileReport r) {
        LatencyTable shown = LatencyTable.of(r);
        distributions = shown.distributions();
        boolean any = !distributions.isEmpty();
        empty.setVisible(!any);
        empty.setManaged(!any);
        List<TableColumn<Map<String, String>, String>> cols = new ArrayList<>();
        for (String name : shown.columns()) {
            cols.add(column(name, name.equals(LatencyTable.DISTRIBUTION) ? 200 : 95));
        }
        table.getColumns().setAll(cols);
        table.getItems().setAll(shown.rows());
        table.setPrefHeight(TABLE_HEADER + Math.max(1, shown.rows().size()) * TABLE_ROW + TABLE_SCROLLBAR);
        table.setMaxHeight(table.getPrefHeight());
        table.setVisible(any);
        Double tps = tokensPerSecond(r);
        throughput.setText(tps == null ? "" : String.format(Locale.ROOT, "%s: %.1f", HumanNames.TOKENS_PER_SECOND, tps));
        pick.getItems().setAll(distributions.keySet());
        pick.setValue(any ? distributions.keySet().iterator().next() : null);
        drawHistogram(pick.getValue());
    }

    private void drawHistogram(String name) {
        histogram.getData().clear();
        LatencyStats s = name == null ? null : distributions.get(name);
        if (s == null || s.latencies().isEmpty()) {
            histogramCaption.setText(s == null ? "" : "no per-request values recorded");
            return;
        }
        List<Double> v = s.latencies();
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double width = max > min ? (max - min) / BINS : 1e-3;
        int bins = bins(v.size());
        width = max > min ? (max - min) / bins : 1e-3;
        int[] counts = new int[bins];
        for (double x : v) {
            counts[Math.min(bins - 1, (int) ((x - min) / width))]++;
        }
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        for (int i = 0; i < bins; i++) {
            series.getData().add(new XYChart.Data<>(String.format(Locale.ROOT, "%.1f", (min + (i + 0.5) * width) * 1000),
                    counts[i]));
        }
        histogramCaption.setText(v.size() + " values");
        histogram.getData().add(series);
    }

    /** As many bins as values up to 20: three iterations make three bars, not twenty mostly empty ones. */
    static int bins(int values) {
        return Math.max(1, Math.min(BINS, values));
    }

    private static TableColumn<Map<String, String>, String> column(String name, double width) {
        TableColumn<Map<String, String>, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getOrDefault(name, "—")));
        c.setPrefWidth(width);
        c.setMinWidth(width); // "6118.0 ms" is read whole; the table scrolls sideways when narrow
        c.setSortable(false);
        return c;
    }
}
