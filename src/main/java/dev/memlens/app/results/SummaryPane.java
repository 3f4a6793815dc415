package dev.memlens.app.results;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

/** The run's headline: model, parameters, GPU, baseline, peak, duration, plus a banner for samples and failures. */
final class SummaryPane extends VBox {
    SummaryPane(ObservableValue<RunSummary> summary) {
        getStyleClass().add("summary-pane");
        setPadding(new Insets(8, 12, 8, 12));
        setSpacing(4);
        Label banner = new Label();
        banner.setId("sampleBanner");
        banner.getStyleClass().add("banner");
        banner.setWrapText(true);
        banner.managedProperty().bind(banner.visibleProperty());
        Label model = new Label();
        model.setId("summaryModel");
        model.getStyleClass().add("title-3");
        Label params = new Label();
        params.setId("summaryParameters");
        params.getStyleClass().add("text-muted");
        Label gpu = fact("summaryGpu");
        Label baseline = fact("summaryBaseline");
        Label peak = fact("summaryPeak");
        Label duration = fact("summaryDuration");
        Label status = fact("summaryStatus");
        Label engine = fact("summaryEngine");
        Label sampling = fact("summarySampling");
        sampling.setWrapText(true);
        sampling.managedProperty().bind(sampling.visibleProperty());
        Label perGpu = fact("summaryPerGpu");
        perGpu.setWrapText(true);
        perGpu.managedProperty().bind(perGpu.visibleProperty());
        FlowPane facts = new FlowPane(18, 4, gpu, baseline, peak, duration, engine, status);
        getChildren().addAll(banner, model, params, facts, perGpu, sampling);
        summary.addListener((o, a, s) -> {
            show(s, banner, model, params, gpu, baseline, peak, duration, status, engine);
            showSampling(s, sampling);
            showPerGpu(s, perGpu);
        });
        show(summary.getValue(), banner, model, params, gpu, baseline, peak, duration, status, engine);
        showSampling(summary.getValue(), sampling);
        showPerGpu(summary.getValue(), perGpu);
    }

    /** On several GPUs, each GPU's account at the run's peak, one line per GPU. */
    private static void showPerGpu(RunSummary s, Label perGpu) {
        perGpu.setText(s.perGpu());
        perGpu.setVisible(!s.perGpu().isEmpty());
    }

    private static Label fact(String id) {
        Label l = new Label();
        l.setId(id);
        return l;
    }

    /** Sampling that had gaps or failed is marked: the peak is then a lower bound. */
    private static void showSampling(RunSummary s, Label sampling) {
        sampling.setText(s.sampling());
        sampling.setVisible(!s.sampling().isEmpty());
        sampling.getStyleClass().remove("text-danger");
        if (!s.sampling().isEmpty() && !s.sampling().startsWith("GPU sampling: ")) {
            sampling.getStyleClass().add("text-danger");
        }
    }

    private static void show(RunSummary s, Label banner, Label model, Label params, Label gpu, Label baseline, Label peak,
                             Label duration, Label status, Label engine) {
        banner.setText(s.banner());
        banner.setVisible(!s.banner().isEmpty());
        model.setText(s.model());
        params.setText(s.parameters());
        gpu.setText("GPU  " + s.gpu());
        baseline.setText("Baseline  " + s.baseline());
        // the peak says its kind ("measured"; "unknown", never 0) and, on hover, where it comes from
        peak.setText("Peak  " + s.peak() + " (" + s.peakKind() + ")");
        peak.setTooltip(new javafx.scene.control.Tooltip(s.peakKind() + " · " + s.peakSource()));
        duration.setText("Duration  " + s.duration());
        duration.setTooltip(s.durationNote().isEmpty() ? null : new javafx.scene.control.Tooltip(s.durationNote()));
        status.setText(s.status());
        engine.setText(s.engine());
    }
}
