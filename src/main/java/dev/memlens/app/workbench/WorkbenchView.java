package dev.memlens.app.workbench;

import dev.memlens.app.live.LiveRunView;
import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.SegmentedButton;

/**
 * The Profile tab: Run and Cancel with the mode and GPU pickers, the run's phase and progress, the slot the live
 * chart goes into ({@code #liveChartSlot}), and the tabs Form and Log. Only binds to {@link WorkbenchViewModel}.
 */
public final class WorkbenchView extends VBox {
    public static final KeyCombination RUN = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination CANCEL = new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN);
    public static final KeyCombination CANCEL_ESCAPE = new KeyCodeCombination(KeyCode.ESCAPE);

    private final WorkbenchViewModel vm;
    private final StackPane liveChartSlot = new StackPane();
    private final TabPane tabs = new TabPane();
    private final HBox fitLineSlot = new HBox(8);
    private final SplitPane split = new SplitPane();
    /** The live chart's least height (title, axes and legend take about 95 px of it). */
    static final double CHART_MIN_HEIGHT = 170;
    static final double TABS_MIN_HEIGHT = 150;
    /** The Log's and Processes' first height: about ten lines, the rest to the chart. */
    static final double LIST_TABS_HEIGHT = 230;

    public WorkbenchView(WorkbenchViewModel vm) {
        this.vm = vm;
        setId("workbench");
        getStyleClass().add("workbench");
        setSpacing(8);
        setPadding(new Insets(8));
        RunViewModel run = vm.run();

        liveChartSlot.setId("liveChartSlot");
        liveChartSlot.getStyleClass().add("live-chart-slot");
        liveChartSlot.getChildren().add(new LiveRunView(vm.live()));
        liveChartSlot.setMinHeight(CHART_MIN_HEIGHT);

        Tab form = new Tab("Form", formPane());
        form.setId("formTab");
        LogView logView = new LogView(run);
        logView.setPrefHeight(120); // the form sets the tabs' preferred height; the divider sets the shown one
        Tab log = new Tab("Log", logView);
        log.setId("logTab");
        dev.memlens.app.live.ProcessesView processView = new dev.memlens.app.live.ProcessesView(vm.processes());
        processView.setPrefHeight(120); // as the log
        Tab processes = new Tab("Processes", processView);
        processes.setId("processesTab");
        tabs.getTabs().addAll(form, log, processes);
        tabs.setId("workbenchTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setMinHeight(TABS_MIN_HEIGHT);
        // the run's phase and progress sit in the tab row's free right end, so the toolbar's texts keep their room
        HBox progress = progressRow(run);
        progress.setPickOnBounds(false);
        progress.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane tabsWithProgress = new StackPane(tabs, progress);
        StackPane.setAlignment(progress, Pos.TOP_RIGHT);
        tabsWithProgress.setMinHeight(TABS_MIN_HEIGHT);
        split.setId("workbenchSplit");
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.getItems().addAll(tabsWithProgress, liveChartSlot);
        // a taller window gives its height to the chart; the divider keeps the tabs' height
        SplitPane.setResizableWithParent(tabsWithProgress, false);
        VBox.setVgrow(split, Priority.ALWAYS);
        new SplitHeights(split, tabs, this::preferredTabsHeight);

        getChildren().addAll(survivorsBar(vm.survivors()), toolbar(), new TargetView(vm.target(),
                run.runningProperty()), split);
        run.lastResultProperty().addListener((o, a, r) -> {
            if (r != null) {
                notifyEnd(r);
            }
        });
        // the first lines of a run show why it fails, when it does: bring the log forward
        run.runningProperty().addListener((o, a, running) -> {
            if (running) {
                tabs.getSelectionModel().select(log);
            }
        });
        sceneProperty().addListener((o, a, scene) -> installShortcuts(scene));
    }

    /** Where {@code LiveRunView} goes: the live chart agent puts its view in here. */
    public StackPane liveChartSlot() {
        return liveChartSlot;
    }

    private HBox toolbar() {
        Button runButton = new Button("Run ▶");
        runButton.setId("runButton");
        runButton.getStyleClass().add(Styles.ACCENT);
        runButton.disableProperty().bind(vm.canRunProperty().not());
        runButton.setOnAction(e -> vm.runSelected());
        // a disabled button gets no mouse events, so the tooltip saying what blocks it sits on a holder around it
        Tooltip runTip = new Tooltip();
        runTip.setId("runTooltip");
        runTip.setShowDelay(Duration.millis(200));
        runTip.setWrapText(true);
        runTip.setMaxWidth(520);
        runTip.textProperty().bind(Bindings.createStringBinding(() -> runTooltipText(vm.runBlockedReasonsProperty().get()),
                vm.runBlockedReasonsProperty()));
        StackPane runHolder = new StackPane(runButton);
        runHolder.setId("runButtonHolder");
        runHolder.getProperties().put("tooltip", runTip);
        Tooltip.install(runHolder, runTip);
        Button cancel = new Button("Cancel ■");
        cancel.setId("cancelButton");
        cancel.getStyleClass().add(Styles.DANGER);
        cancel.disableProperty().bind(vm.run().runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        cancel.setTooltip(new Tooltip("End the run and save it as cancelled (" + CANCEL.getDisplayText() + " or Esc)"));

        ToggleGroup modes = new ToggleGroup();
        SegmentedButton modeButtons = new SegmentedButton();
        modeButtons.setToggleGroup(modes);
        modeButtons.setId("modeButtons");
        for (FormViewModel f : vm.forms()) {
            ToggleButton b = new ToggleButton(f.title());
            b.setId("mode-" + f.mode());
            b.setUserData(f);
            modeButtons.getButtons().add(b);
            if (f == vm.selectedFormProperty().get()) {
                b.setSelected(true);
            }
        }
        modes.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                modes.selectToggle(old);
            } else {
                vm.selectedFormProperty().set((FormViewModel) now.getUserData());
            }
        });
        vm.selectedFormProperty().addListener((o, a, f) -> modes.getToggles().stream()
                .filter(t -> t.getUserData() == f).findFirst().ifPresent(modes::selectToggle));
        modeButtons.disableProperty().bind(vm.run().runningProperty());

        // the buttons keep their labels whatever the GPU status line says
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {runButton, cancel}) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        modeButtons.getButtons().forEach(b -> b.setMinWidth(Region.USE_PREF_SIZE));
        modeButtons.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label modeLabel = new Label("Mode");
        modeLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, runHolder, cancel, modeLabel, modeButtons, TargetView.choice(vm.target(),
                vm.run().runningProperty()), spacer, new GpuPickerView(vm.gpuPicker()));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("workbench-toolbar");
        return bar;
    }

    private HBox progressRow(RunViewModel run) {
        Label phase = new Label();
        phase.setId("runPhase");
        phase.getStyleClass().add("text-bold");
        phase.textProperty().bind(run.phaseProperty());
        phase.setMinWidth(Region.USE_PREF_SIZE);
        Tooltip phaseTip = new Tooltip();
        phaseTip.textProperty().bind(run.phaseProperty());
        phase.setTooltip(phaseTip);
        ProgressBar bar = new ProgressBar(0);
        bar.setId("runProgress");
        bar.setPrefWidth(150);
        bar.progressProperty().bind(run.progressProperty());
        bar.visibleProperty().bind(run.runningProperty().or(run.lastResultProperty().isNotNull()));
        Label count = new Label();
        count.setId("runProgressText");
        count.textProperty().bind(run.progressTextProperty());
        count.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, phase, bar, count);
        row.setId("runProgressRow");
        row.setAlignment(Pos.CENTER_LEFT);
        row.setPadding(new Insets(4, 8, 0, 8));
        return row;
    }

    private Node formPane() {
        VBox content = new VBox(6);
        content.setPadding(new Insets(6, 10, 6, 10));
        ModelPickerView model = new ModelPickerView(vm.modelPicker(), fitLineSlot);
        model.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() ->
                vm.selectedFormProperty().get() != vm.container(),
                vm.selectedFormProperty()));
        model.managedProperty().bind(model.visibleProperty());
        Label modelProblem = new Label();
        modelProblem.setId("modelPicker-problem");
        modelProblem.getStyleClass().add("field-problem");
        modelProblem.setPadding(new Insets(0, 0, 0, 128));
        modelProblem.textProperty().bind(vm.selectedFormProperty().flatMap(f -> f.fieldProblemProperty("model")).orElse(""));
        model.getChildren().add(1, modelProblem); // right under the model row, above the model's preview
        ContainerPickerView containers = new ContainerPickerView(vm.container());
        containers.visibleProperty().bind(vm.selectedFormProperty().isEqualTo(vm.container()));
        containers.managedProperty().bind(containers.visibleProperty());
        vm.selectedFormProperty().addListener((o, a, f) -> {
            if (f == vm.container() && vm.container().containers().isEmpty()) {
                vm.container().refreshContainers();
            }
        });
        StackPane forms = new StackPane();
        for (FormViewModel f : vm.forms()) {
            FormView view = new FormView(f);
            view.setId("form-" + f.mode());
            view.visibleProperty().bind(vm.selectedFormProperty().isEqualTo(f));
            view.managedProperty().bind(view.visibleProperty());
            forms.getChildren().add(view);
        }
        fitLineSlot.setId("fitLineSlot");
        // on the model preview's line, which is always there: the form keeps its place when the fit line arrives
        fitLineSlot.setAlignment(Pos.CENTER_RIGHT);
        fitLineSlot.setMinWidth(Region.USE_PREF_SIZE);
        fitLineSlot.getChildren().add(new FitLineView(vm.fitLine()));
        Label summary = problemSummary();
        summary.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(summary, Priority.ALWAYS);
        PresetBar presets = new PresetBar(vm.presets());
        presets.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(12, summary, presets);
        top.setAlignment(Pos.CENTER_LEFT);
        content.getChildren().addAll(top, model, containers, forms);
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    /**
     * One line above the form listing what blocks Run ("Batch size: …", "2 problems: Model: …; Batch size: …"), the whole list on
     * hover; it reads "Ready" when nothing does. Always one line high, so typing never moves the form.
     */
    private Label problemSummary() {
        Label summary = new Label();
        summary.setId("runBlockedReason");
        summary.getStyleClass().add("problem-summary");
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.setMinWidth(200);
        summary.textProperty().bind(Bindings.createStringBinding(() -> summaryText(vm.runBlockedReasonsProperty().get()),
                vm.runBlockedReasonsProperty()));
        vm.runBlockedReasonsProperty().addListener((o, a, list) -> summary.pseudoClassStateChanged(Styles.STATE_DANGER,
                !list.isEmpty()));
        summary.pseudoClassStateChanged(Styles.STATE_DANGER, !vm.runBlockedReasonsProperty().get().isEmpty());
        Tooltip all = new Tooltip();
        all.setWrapText(true);
        all.setMaxWidth(520);
        all.textProperty().bind(Bindings.createStringBinding(() -> runTooltipText(vm.runBlockedReasonsProperty().get()),
                vm.runBlockedReasonsProperty()));
        summary.setTooltip(all);
        return summary;
    }

    static String summaryText(java.util.List<String> reasons) {
        if (reasons.isEmpty()) {
            return "Ready: Run (" + RUN.getDisplayText() + ") starts the profile with these values";
        }
        return reasons.size() == 1 ? reasons.get(0) : reasons.size() + " problems: " + String.join("; ", reasons);
    }

    static String runTooltipText(java.util.List<String> reasons) {
        if (reasons.isEmpty()) {
            return "Run the profile (" + RUN.getDisplayText() + ")";
        }
        StringBuilder b = new StringBuilder("Run is blocked by:");
        reasons.forEach(r -> b.append("\n• ").append(r));
        return b.toString();
    }

    /** Where the estimator's one-line "fits / does not fit" verdict for the form's values goes (above the fields). */
    public HBox fitLineSlot() {
        return fitLineSlot;
    }

    private void installShortcuts(Scene scene) {
        if (scene == null) {
            return;
        }
        scene.getAccelerators().put(RUN, vm::runSelected);
        scene.getAccelerators().put(CANCEL, vm::cancel);
        scene.getAccelerators().put(CANCEL_ESCAPE, vm::cancel);
    }

    private void notifyEnd(RunResult r) {
        String text = r.summary(vm.selectedFormProperty().get().title());
        try {
            Notifications n = Notifications.create().title("MemLens: run " + r.status().name().toLowerCase(java.util.Locale.ROOT))
                    .text(text).owner(getScene() == null ? null : getScene().getWindow()).hideAfter(Duration.seconds(8));
            switch (r.status()) {
                case COMPLETED -> n.showInformation();
                case CANCELLED -> n.showWarning();
                default -> n.showError();
            }
        } catch (RuntimeException e) {
            // a notification that cannot show (no window yet) must not hide the result: the status line has it
        }
    }

    /**
     * The tabs' first height: the form's whole height on the Form tab (while the chart keeps its least height),
     * {@link #LIST_TABS_HEIGHT} on the Log and Processes tabs, so a running job's chart gets the room.
     */
    private double preferredTabsHeight(Tab tab, double available) {
        double wanted = tab.getId().equals("formTab") ? tabs.prefHeight(-1) : LIST_TABS_HEIGHT;
        return Math.max(TABS_MIN_HEIGHT, Math.min(wanted, available - CHART_MIN_HEIGHT));
    }

    /** Keeps the log tab in view for tests and screenshots. */
    public void showLog() {
        tabs.getSelectionModel().select(1);
    }

    public void showForm() {
        tabs.getSelectionModel().select(0);
    }


    /** Leftover engine processes of interrupted runs, with the one click that ends them; hidden when there are none. */
    private static HBox survivorsBar(SurvivorsViewModel survivors) {
        Label text = new Label();
        text.setId("survivorsMessage");
        text.setWrapText(true);
        text.textProperty().bind(survivors.messageProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        Button end = new Button("End them");
        end.setId("endSurvivorsButton");
        end.setOnAction(e -> survivors.endThem());
        end.visibleProperty().bind(survivors.presentProperty());
        end.managedProperty().bind(end.visibleProperty());
        HBox bar = new HBox(8, text, end);
        bar.setId("survivorsBar");
        bar.getStyleClass().add("banner");
        bar.visibleProperty().bind(survivors.messageProperty().isNotEmpty());
        bar.managedProperty().bind(bar.visibleProperty());
        return bar;
    }
}
