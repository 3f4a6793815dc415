package dev.memlens.app.results;

import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.VllmMetricsSeries;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

/**
 * Under the run's summary, for runs that scraped vLLM's /metrics: the KV cache usage peak, the running and waiting
 * peaks and the preemptions, flagged as memory pressure when vLLM preempted requests. Hidden for other runs.
 */
final class VllmMetricsSummaryView extends Label {
    private static final PseudoClass PRESSURE = PseudoClass.getPseudoClass("memory-pressure");

    VllmMetricsSummaryView(ObservableValue<ProfileReport> report) {
        setId("vllmMetricsSummary");
        getStyleClass().add("vllm-metrics-summary");
        setWrapText(true);
        setPadding(new Insets(0, 12, 6, 12));
        managedProperty().bind(visibleProperty());
        setTooltip(new Tooltip("From vLLM's Prometheus /metrics, scraped during the run: vllm:kv_cache_usage_perc,"
                + " num_requests_running, num_requests_waiting, num_preemptions_total"));
        show(report.getValue());
        report.addListener((o, a, r) -> show(r));
    }

    private void show(ProfileReport r) {
        VllmMetricsSeries series = r == null ? null : r.vllmMetrics();
        boolean shown = series != null && !series.isEmpty();
        setVisible(shown);
        if (!shown) {
            setText("");
            pseudoClassStateChanged(PRESSURE, false);
            return;
        }
        VllmMetricsSeries.Summary summary = series.summary();
        setText(text(summary, series.points().size()));
        pseudoClassStateChanged(PRESSURE, summary.memoryPressure());
    }

    /** "vLLM metrics (measured, vllm-metrics, 12 scrapes): KV cache peak 97.0 %, …" with core's wording. */
    static String text(VllmMetricsSeries.Summary summary, int scrapes) {
        return "vLLM metrics (" + FigureKind.MEASURED.tag() + ", " + FigureSource.VLLM_METRICS.tag() + ", " + scrapes
                + (scrapes == 1 ? " scrape" : " scrapes") + "): " + summary.describe();
    }
}
