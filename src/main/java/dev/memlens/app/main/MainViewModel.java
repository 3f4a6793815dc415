package dev.memlens.app.main;

import dev.memlens.app.history.HistoryViewModel;
import dev.memlens.app.results.ResultsViewModel;
import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.io.AtomicFiles;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.json.ReportReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.report.json.ReportDocument;
import dev.memlens.core.report.library.ReportFiles;
import dev.memlens.core.report.export.HtmlReportWriter;
import dev.memlens.core.report.export.TimelineCsvWriter;
import dev.memlens.core.report.export.VllmMetricsCsvWriter;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.MemoryUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The main window's state and commands: open, save, export, recent files, the status line and errors. */
public final class MainViewModel {
    private final ResultsViewModel results = new ResultsViewModel();
    private final TaskExecutor executor;
    private final RecentFiles recentFiles;
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ObjectProperty<UserError> error = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> currentFile = new SimpleObjectProperty<>();
    private final HistoryViewModel history;
    /** The one display unit of every view and export; the main window's GB/GiB switch sets it. */
    private final ObjectProperty<MemoryUnit> unit = new SimpleObjectProperty<>(this, "unit", MemoryUnit.GIB);
    /** The JSON tree of the file the shown report was opened from (null for runs and the sample): kept on save. */
    private ObjectNode openedTree;

    public MainViewModel(TaskExecutor executor, RecentFiles recentFiles, RunLibrary runs) {
        this.executor = executor;
        this.recentFiles = recentFiles;
        recent.setAll(recentFiles.list());
        history = new HistoryViewModel(runs, executor, r -> {
            openedTree = null;
            results.reportProperty().set(r);
            currentFile.set(null);
        }, status::set, (title, message) -> {
            status.set(title);
            error.set(new UserError(title, message));
        });
        results.unitProperty().bindBidirectional(unit);
        history.unitProperty().bind(unit);
    }

    public ObjectProperty<MemoryUnit> unitProperty() {
        return unit;
    }

    public HistoryViewModel history() {
        return history;
    }

    public ResultsViewModel results() {
        return results;
    }

    public ObservableList<Path> recentFiles() {
        return recent;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Set when something failed; the view shows it and clears it. */
    public ObjectProperty<UserError> errorProperty() {
        return error;
    }

    public ObjectProperty<Path> currentFileProperty() {
        return currentFile;
    }

    /**
     * A profiling run ended: its report opens in the results view (with the estimator's formulas when it filled the
     * calculator side), the history lists it, and the status line says where it was saved.
     */
    public void showFinishedRun(ProfileReport report, java.util.Map<dev.memlens.core.report.MemoryComponent, String> formulas,
                                String totalFormula, String message) {
        if (report != null) {
            openedTree = null;
            if (formulas == null) {
                results.reportProperty().set(report);
            } else {
                results.showEstimated(report, formulas, totalFormula);
            }
            currentFile.set(null);
        }
        status.set(message);
        history.refresh();
    }

    /** A line for the status bar from elsewhere in the window (the workbench). */
    public void setStatus(String message) {
        status.set(message);
    }

    public void openSample() {
        executor.submit(BackgroundTask.of("Open the sample", SampleReports::bundledH200Run)
                .onSuccess(r -> {
                    openedTree = null;
                    results.reportProperty().set(r);
                    currentFile.set(null);
                    status.set("Showing the bundled sample: Llama-2-7B shape on an NVIDIA H200");
                })
                .onFailure(e -> fail("The sample could not be opened", e)));
    }

    public void open(Path file) {
        status.set("Opening " + dev.memlens.core.io.HomePaths.abbreviate(file) + " …");
        executor.submit(BackgroundTask.of("Open " + file, () -> ReportReader.readDocument(file))
                .onSuccess(doc -> {
                    ProfileReport r = doc.report();
                    openedTree = doc.sourceTree();
                    results.reportProperty().set(r);
                    currentFile.set(file);
                    remember(file);
                    status.set("Opened " + dev.memlens.core.io.HomePaths.abbreviate(file) + " (" + r.sourceShape()
                            + " report)");
                })
                .onFailure(e -> fail("Cannot open the report", e)));
    }

    public void saveAs(Path file) {
        ProfileReport r = results.currentReport();
        if (r == null) {
            return;
        }
        ReportDocument doc = new ReportDocument(r, openedTree);
        write("Saved " + file, () -> {
            ReportFiles.save(doc, file);
            return null;
        }, () -> {
            currentFile.set(file);
            remember(file);
        });
    }

    public void exportJson(Path file) {
        ProfileReport r = results.currentReport();
        if (r != null) {
            ReportDocument doc = new ReportDocument(r, openedTree);
            write("Exported the JSON report to " + file, () -> {
                ReportFiles.save(doc, file);
                return null;
            }, () -> { });
        }
    }

    public void exportTimelineCsv(Path file) {
        ProfileReport r = results.currentReport();
        if (r != null) {
            // an api run's /metrics series goes next to it, joined on timestamp_ms
            Path metrics = r.vllmMetrics() == null ? null : VllmMetricsCsvWriter.besides(file);
            write("Exported the timeline to " + file + (metrics == null ? "" : " and vLLM's /metrics to " + metrics), () -> {
                TimelineCsvWriter.write(r, file);
                if (metrics != null) {
                    VllmMetricsCsvWriter.write(r, metrics);
                }
                return null;
            }, () -> { });
        }
    }

    /**
     * Reads a time range of a Prometheus server's GPU memory series in the background and shows it in Results as a
     * run; Save to history keeps it in the run library, where History overlays it with local runs.
     */
    public void openPrometheusRange(PrometheusRangeRequest request, java.util.Map<String, String> environment) {
        status.set("Reading the GPU memory series from " + request.url() + " …");
        executor.submit(BackgroundTask.of("Read a Prometheus range", () -> request.read(environment,
                        java.time.Instant.now()))
                .onSuccess(r -> {
                    openedTree = null;
                    results.reportProperty().set(r);
                    currentFile.set(null);
                    status.set("Showing " + r.gpus().devices().size() + " GPU(s) from Prometheus " + request.url()
                            + " (" + request.start() + " to " + request.end() + "): Save to history to overlay it"
                            + " with local runs");
                })
                .onFailure(e -> fail("Cannot read the Prometheus range", e)));
    }

    /** The open report, with the calculator values as typed, as a new run in the history. */
    public void saveToHistory() {
        ProfileReport r = results.currentReport();
        if (r != null) {
            history.save(r);
        }
    }

    /** A self-contained HTML report in the unit the window shows. */
    public void exportHtml(Path file) {
        ProfileReport r = results.currentReport();
        if (r != null) {
            MemoryUnit shown = unit.get();
            write("Exported the HTML report to " + file, () -> {
                HtmlReportWriter.write(r, shown, file);
                return null;
            }, () -> { });
        }
    }

    /** The view renders the chart to PNG bytes (toolkit work); writing them is background work. */
    public void exportPng(Path file, byte[] png) {
        write("Exported the chart to " + file, () -> {
            AtomicFiles.write(file, png);
            return null;
        }, () -> { });
    }

    private void write(String done, Callable<Void> work, Runnable after) {
        executor.submit(BackgroundTask.of(done, work)
                .onSuccess(v -> {
                    after.run();
                    status.set(done);
                })
                .onFailure(e -> fail("Cannot write the file", e)));
    }

    /** Saving the recent-files list is file I/O: it goes to the background like every other write. */
    private void remember(Path file) {
        executor.submit(BackgroundTask.of("Remember " + file, () -> {
                    recentFiles.add(file);
                    return recentFiles.list();
                })
                .onSuccess(recent::setAll)
                .onFailure(e -> status.set("The recent-files list could not be saved: " + e.getMessage())));
    }

    private void fail(String title, Throwable e) {
        String message;
        if (e instanceof ReportFormatException) {
            message = e.getMessage();
        } else if (e instanceof IOException) {
            message = e.getMessage() + "\nCheck that the folder exists and that you may write to it.";
        } else {
            message = String.valueOf(e.getMessage());
        }
        status.set(title);
        error.set(new UserError(title, message));
    }
}
