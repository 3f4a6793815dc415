package dev.memlens.app.main;

import dev.memlens.app.history.HistoryView;
import dev.memlens.app.results.ResultsView;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import dev.memlens.core.units.MemoryUnit;
import javax.imageio.ImageIO;

/** The main window: menu, results, status line; file dialogs and error dialogs live here. */
public final class MainView extends BorderPane {
    private final MainViewModel vm;
    private final ResultsView results;
    private final Menu recentMenu = new Menu("Open recent");

    public MainView(MainViewModel vm) {
        this(vm, null);
    }

    /** @param profile the workbench (forms and runs) shown as the first tab, or null for a results-only window */
    public MainView(MainViewModel vm, Node profile) {
        this.vm = vm;
        this.results = new ResultsView(vm.results());
        MenuBar menu = menuBar();
        HBox.setHgrow(menu, javafx.scene.layout.Priority.ALWAYS);
        HBox top = new HBox(8, menu, unitSwitch());
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        top.getStyleClass().add("main-top-bar");
        setTop(top);
        Tab resultsTab = tab("Results", "resultsTab", results);
        TabPane tabs = new TabPane(resultsTab, tab("History", "historyTab", new HistoryView(vm.history())));
        if (profile != null) {
            tabs.getTabs().add(0, tab("Profile", "profileTab", profile));
            tabs.getSelectionModel().select(0); // a new window starts on the form
        }
        tabs.setId("mainTabs");
        // whatever shows a report (open, sample, reopen from history) brings the results to the front
        vm.results().reportProperty().addListener((o, a, r) -> tabs.getSelectionModel().select(resultsTab));
        setCenter(tabs);
        Label status = new Label();
        status.setId("statusLine");
        status.textProperty().bind(vm.statusProperty());
        HBox bar = new HBox(status);
        bar.getStyleClass().add("status-bar");
        setBottom(bar);
        vm.recentFiles().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        rebuildRecent();
        vm.errorProperty().addListener((o, a, err) -> {
            if (err != null) {
                showError(err);
                vm.errorProperty().set(null);
            }
        });
    }

    private MenuBar menuBar() {
        MenuItem open = item("Open report…", "menuOpen", "Shortcut+O", e -> chooseOpen());
        MenuItem sample = item("Open the H200 sample", "menuSample", null, e -> vm.openSample());
        MenuItem prometheus = item("Open Prometheus range…", "menuPrometheusRange", null, e ->
                PrometheusRangeDialog.ask(getScene().getWindow())
                        .ifPresent(request -> vm.openPrometheusRange(request, System.getenv())));
        MenuItem save = item("Save as…", "menuSaveAs", "Shortcut+S", e -> chooseSave("Save the report", "report.json",
                vm::saveAs, "JSON report", "*.json"));
        MenuItem saveToHistory = item("Save to history", "menuSaveToHistory", "Shortcut+Shift+S", e -> vm.saveToHistory());
        Menu export = new Menu("Export");
        export.setId("menuExport");
        export.getItems().addAll(
                item("JSON report…", "menuExportJson", "Shortcut+E", e -> chooseSave("Export the JSON report",
                        "memlens-report.json", vm::exportJson, "JSON report", "*.json")),
                item("HTML report…", "menuExportHtml", "Shortcut+Shift+E", e -> chooseSave("Export the HTML report",
                        "memlens-report.html", vm::exportHtml, "HTML report", "*.html")),
                item("Timeline CSV…", "menuExportCsv", null, e -> chooseSave("Export the timeline",
                        "memlens-timeline.csv", vm::exportTimelineCsv, "CSV", "*.csv")),
                item("Timeline chart PNG…", "menuExportTimelinePng", null, e -> exportPng(results.timelineChart(),
                        "memlens-timeline.png")),
                item("Breakdown chart PNG…", "menuExportBreakdownPng", null, e -> exportPng(results.breakdownChart(),
                        "memlens-breakdown.png")));
        MenuItem quit = item("Quit", "menuQuit", "Shortcut+Q", e -> getScene().getWindow().hide());
        Menu file = new Menu("File");
        file.setId("menuFile");
        file.getItems().addAll(open, recentMenu, sample, prometheus, new SeparatorMenuItem(), save, saveToHistory, export, new SeparatorMenuItem(), quit);
        MenuBar bar = new MenuBar(file);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    /** GiB | GB for every figure of every view and export (Results, History, the charts, HTML). */
    private HBox unitSwitch() {
        javafx.scene.control.ToggleGroup units = new javafx.scene.control.ToggleGroup();
        javafx.scene.control.ToggleButton gib = unitButton("GiB", "unitGib", MemoryUnit.GIB, units);
        javafx.scene.control.ToggleButton gb = unitButton("GB", "unitGb", MemoryUnit.GB, units);
        units.selectToggle(vm.unitProperty().get() == MemoryUnit.GB ? gb : gib);
        units.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                units.selectToggle(old); // one unit is always selected
            } else {
                vm.unitProperty().set((MemoryUnit) now.getUserData());
            }
        });
        vm.unitProperty().addListener((o, a, u) -> units.selectToggle(u == MemoryUnit.GB ? gb : gib));
        Label label = new Label("Units");
        label.getStyleClass().add("text-muted");
        HBox box = new HBox(4, label, new HBox(gib, gb));
        box.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        box.setPadding(new javafx.geometry.Insets(0, 8, 0, 8));
        box.setId("unitSwitch");
        return box;
    }

    private static javafx.scene.control.ToggleButton unitButton(String text, String id, MemoryUnit unit,
                                                                javafx.scene.control.ToggleGroup group) {
        javafx.scene.control.ToggleButton b = new javafx.scene.control.ToggleButton(text);
        b.setId(id);
        b.setUserData(unit);
        b.setToggleGroup(group);
        b.getStyleClass().add(atlantafx.base.theme.Styles.SMALL);
        b.setTooltip(new javafx.scene.control.Tooltip(unit == MemoryUnit.GB
                ? "Decimal gigabytes (1e9 bytes), as the llm-sizer calculator uses: every view and export"
                : "Binary gibibytes (2^30 bytes), as nvidia-smi and vLLM's logs use: every view and export"));
        return b;
    }

    private static Tab tab(String text, String id, Node content) {
        Tab t = new Tab(text, content);
        t.setId(id);
        t.setClosable(false);
        return t;
    }

    private static MenuItem item(String text, String id, String shortcut,
                                 javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        MenuItem i = new MenuItem(text);
        i.setId(id);
        if (shortcut != null) {
            i.setAccelerator(KeyCombination.keyCombination(shortcut));
        }
        i.setOnAction(action);
        return i;
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recentFiles()) {
            MenuItem i = new MenuItem(p.toString());
            i.setOnAction(e -> vm.open(p));
            recentMenu.getItems().add(i);
        }
        recentMenu.setDisable(vm.recentFiles().isEmpty());
    }

    private void chooseOpen() {
        FileChooser chooser = chooser("Open a profile report", "JSON report", "*.json");
        File f = chooser.showOpenDialog(window());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    private void chooseSave(String title, String suggested, Consumer<Path> action, String kind, String pattern) {
        FileChooser chooser = chooser(title, kind, pattern);
        chooser.setInitialFileName(suggested);
        File f = chooser.showSaveDialog(window());
        if (f != null) {
            action.accept(f.toPath());
        }
    }

    private void exportPng(Node chart, String suggested) {
        chooseSave("Export the chart", suggested, path -> {
            try {
                vm.exportPng(path, png(chart));
            } catch (IOException e) {
                vm.errorProperty().set(new UserError("Cannot render the chart", e.getMessage()));
            }
        }, "PNG image", "*.png");
    }

    /** Renders a node to PNG bytes; must run on the FX thread. */
    public static byte[] png(Node node) throws IOException {
        WritableImage image = node.snapshot(null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out);
        return out.toByteArray();
    }

    private FileChooser chooser(String title, String kind, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        Path current = vm.currentFileProperty().get();
        if (current != null && current.toAbsolutePath().getParent() != null) {
            chooser.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
        return chooser;
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private void showError(UserError err) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(window());
        alert.setTitle("MemLens");
        alert.setHeaderText(err.title());
        alert.setContentText(err.message());
        alert.getDialogPane().setId("errorDialog");
        alert.show();
    }

    public ResultsView resultsView() {
        return results;
    }
}
