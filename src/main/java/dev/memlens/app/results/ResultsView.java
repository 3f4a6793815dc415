package dev.memlens.app.results;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The results of a run: summary on top, timeline and comparison table in the middle, breakdown and calculator right. */
public final class ResultsView extends BorderPane {
    private final TimelineChartView timeline;
    private final BreakdownChartView breakdown;

    public ResultsView(ResultsViewModel vm) {
        setId("resultsView");
        timeline = new TimelineChartView(vm.reportProperty(), vm.unitProperty());
        breakdown = new BreakdownChartView(vm.barsProperty());
        breakdown.setPrefHeight(230);
        breakdown.setMinHeight(180);
        ComparisonTableView table = new ComparisonTableView(vm);
        AccountTableView account = new AccountTableView(vm);

        SplitPane center = new SplitPane(timeline, table, account);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.5, 0.75);

        VBox right = new VBox(8, new VerdictCard(vm), sectionTitle("BREAKDOWN"), breakdown, new CalculatorPanel(vm));
        right.setPadding(new Insets(8, 12, 8, 12));
        right.getStyleClass().add("right-column");
        VBox.setVgrow(breakdown, Priority.ALWAYS);
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        rightScroll.setPrefWidth(380);
        rightScroll.setMinWidth(320);

        setTop(new SummaryPane(vm.summaryProperty()));
        setCenter(center);
        setRight(rightScroll);
    }

    private static Node sectionTitle(String text) {
        javafx.scene.control.Label l = new javafx.scene.control.Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    /** The charts, for PNG export. */
    public Node timelineChart() {
        return timeline;
    }

    public Node breakdownChart() {
        return breakdown;
    }
}
