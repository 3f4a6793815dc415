package dev.memlens.app.results;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The results of a run: summary on top, timeline and the account table in the middle, the verdict, the measured
 * and calculated bars and the calculator on the right.
 */
public final class ResultsView extends BorderPane {
    private final TimelineChartView timeline;
    private final AccountBarsView breakdown;
    private static final double LATENCY_DIVIDER = 0.34;
    private final javafx.scene.control.TabPane lower = new javafx.scene.control.TabPane();

    public ResultsView(ResultsViewModel vm) {
        setId("resultsView");
        timeline = new TimelineChartView(vm.reportProperty(), vm.unitProperty());
        breakdown = new AccountBarsView(vm.accountBarsProperty());
        AccountTableView table = new AccountTableView(vm);

        // the account's numbers are the answer: the table gets the room it needs, the timeline the rest
        javafx.scene.control.Tab accountTab = new javafx.scene.control.Tab("Memory account", table);
        accountTab.setId("accountTab");
        javafx.scene.control.Tab latencyTab = new javafx.scene.control.Tab("Latency", new LatencyView(vm.reportProperty()));
        latencyTab.setId("latencyTab");
        javafx.scene.control.Tab processesTab = new javafx.scene.control.Tab("Processes", savedProcesses(vm));
        processesTab.setId("processesTab");
        lower.getTabs().addAll(accountTab, latencyTab, processesTab);
        lower.setId("resultsTabs");
        lower.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane center = new SplitPane(timeline, lower);
        center.setOrientation(Orientation.VERTICAL);
        center.setId("resultsSplit");
        center.setDividerPositions(0.5);
        giveLatencyRoom(center, latencyTab);

        VBox right = new VBox(8, new VerdictCard(vm), sectionTitle("MEMORY ACCOUNT"), breakdown, new CalculatorPanel(vm));
        right.setPadding(new Insets(8, 12, 8, 12));
        right.getStyleClass().add("right-column");
        VBox.setVgrow(breakdown, Priority.ALWAYS);
        ScrollPane rightScroll = new ScrollPane(right);
        rightScroll.setFitToWidth(true);
        rightScroll.setPrefWidth(380);
        rightScroll.setMinWidth(320);

        setTop(new VBox(new SummaryPane(vm.summaryProperty()), new VllmMetricsSummaryView(vm.reportProperty())));
        setCenter(center);
        setRight(rightScroll);
    }

    /**
     * The Latency tab holds a table and a histogram: while it is shown the timeline gives it room (at 1280×720 the
     * histogram was squashed to its axis titles), and the divider goes back where it was when another tab is picked.
     */
    private void giveLatencyRoom(SplitPane center, javafx.scene.control.Tab latencyTab) {
        double[] before = {Double.NaN};
        lower.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            double at = center.getDividerPositions()[0];
            if (now == latencyTab && at > LATENCY_DIVIDER) {
                before[0] = at;
                center.setDividerPositions(LATENCY_DIVIDER);
            } else if (was == latencyTab && !Double.isNaN(before[0])) {
                center.setDividerPositions(before[0]);
                before[0] = Double.NaN;
            }
        });
    }

    private static Node savedProcesses(ResultsViewModel vm) {
        dev.memlens.app.live.ProcessesView table = new dev.memlens.app.live.ProcessesView(
                new SavedProcesses(vm.reportProperty(), vm.unitProperty()).rows(), "At run peak",
                "This report lists no GPU processes (the sampler saw none, or an older profiler wrote it).");
        table.setId("savedProcessesTable");
        return table;
    }

    private static Node sectionTitle(String text) {
        javafx.scene.control.Label l = new javafx.scene.control.Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    /** The lower tabs: the memory account, Latency (and Processes); for tests and screenshots. */
    public javafx.scene.control.TabPane lowerTabs() {
        return lower;
    }

    /** The charts, for PNG export. */
    public Node timelineChart() {
        return timeline;
    }

    public Node breakdownChart() {
        return breakdown;
    }
}
