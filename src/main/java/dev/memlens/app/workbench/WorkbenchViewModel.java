package dev.memlens.app.workbench;

import dev.memlens.app.live.LiveRunViewModel;
import dev.memlens.app.settings.FormPreset;
import dev.memlens.app.settings.PresetStore;
import dev.memlens.app.settings.SettingsStore;
import dev.memlens.app.settings.WorkbenchSettings;
import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.run.JournalRecovery;
import dev.memlens.core.run.SessionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Profile side of the window: the four forms, the model and GPU pickers, presets, and the run. Holds no
 * controls; the view binds. Everything that touches files, processes or the GPU tool runs through the TaskExecutor.
 */
public final class WorkbenchViewModel {
    private final WorkbenchServices services;
    private final TaskExecutor executor;
    private final Consumer<RunResult> onRunEnd;
    private final SettingsStore settingsStore;
    private final ModelPickerViewModel modelPicker;
    private final GpuPickerViewModel gpuPicker;
    private final TargetViewModel target;
    private final BenchFormViewModel bench;
    private final ApiFormViewModel api;
    private final HfFormViewModel hf;
    private final ContainerFormViewModel container;
    private final List<FormViewModel> forms;
    private final ObjectProperty<FormViewModel> selectedForm = new SimpleObjectProperty<>();
    private final PresetsViewModel presets;
    private final FitLineViewModel fitLine;
    private final RunViewModel run;
    private final LiveRunViewModel live;
    private final StringBinding runBlockedReason;
    private final BooleanBinding canRun;
    private final dev.memlens.app.live.ProcessesViewModel processes;
    private final SurvivorsViewModel survivors;
    private final ObjectBinding<List<String>> runBlockedReasons;
    private WorkbenchSettings settings = WorkbenchSettings.EMPTY;

    /**
     * @param uiThread where session events land (Platform::runLater in the app; Runnable::run in ViewModel tests)
     * @param onRunEnd what happens when a run ends (open its results, refresh the history), on the UI thread
     */
    public WorkbenchViewModel(WorkbenchServices services, TaskExecutor executor, Executor uiThread,
                              Consumer<RunResult> onRunEnd) {
        this.services = services;
        this.executor = executor;
        this.onRunEnd = onRunEnd;
        this.settingsStore = new SettingsStore(services.settingsFile());
        modelPicker = new ModelPickerViewModel(executor, services.environment());
        gpuPicker = new GpuPickerViewModel(executor, services.samplerFactory(),
                GpuSamplerOptions.defaults(services.environment()));
        target = new TargetViewModel(executor, services.environment(), services.configDir().resolve("recent-hosts.txt"));
        bench = new BenchFormViewModel(modelPicker.modelProperty(), modelPicker::modelArgument);
        new VllmVersionDetection(bench, target.targetProperty(), executor, services.environment(),
                VllmVersionDetection.TIMEOUT).detect();
        api = new ApiFormViewModel(services.environment(), modelPicker::configFile);
        hf = new HfFormViewModel(modelPicker.modelProperty(), modelPicker::modelArgument);
        container = new ContainerFormViewModel(executor, services.environment());
        forms = List.of(bench, api, hf, container);
        selectedForm.set(bench);
        fitLine = new FitLineViewModel(modelPicker.specProperty(), selectedForm, gpuPicker::gpuTotalBytes,
                gpuPicker.selectedProperty(), gpuPicker.choices());
        presets = new PresetsViewModel(new PresetStore(services.presetsFile()), executor, this::currentPreset,
                this::loadPreset);
        run = new RunViewModel(executor, uiThread);
        survivors = new SurvivorsViewModel(executor, services.runsDir());
        live = new LiveRunViewModel(uiThread);
        run.sessionListeners().add(live);
        processes = new dev.memlens.app.live.ProcessesViewModel(uiThread);
        run.sessionListeners().add(processes);
        runBlockedReason = Bindings.createStringBinding(() -> {
            if (run.runningProperty().get()) {
                return "A run is going: cancel it or wait for it to end.";
            }
            String p = selectedForm.get().problemProperty().get();
            return p.isEmpty() ? target.problem() : p;
        }, run.runningProperty(), selectedForm, target.targetProperty(), target.hostProperty(), bench.problemProperty(), api.problemProperty(), hf.problemProperty(),
                container.problemProperty());
        canRun = Bindings.createBooleanBinding(() -> runBlockedReason.get().isEmpty(), runBlockedReason);
        runBlockedReasons = Bindings.createObjectBinding(() -> run.runningProperty().get()
                ? List.of(runBlockedReason.get()) : selectedForm.get().problemsProperty().get(),
                run.runningProperty(), selectedForm, bench.problemsProperty(), api.problemsProperty(),
                hf.problemsProperty(), container.problemsProperty());
    }

    /** Everything that keeps Run disabled, one line each (the summary and Run's tooltip list them); empty: it can. */
    public ObjectBinding<List<String>> runBlockedReasonsProperty() {
        return runBlockedReasons;
    }

    public ModelPickerViewModel modelPicker() {
        return modelPicker;
    }

    public GpuPickerViewModel gpuPicker() {
        return gpuPicker;
    }

    /** This machine or an SSH host. */
    public TargetViewModel target() {
        return target;
    }

    public BenchFormViewModel bench() {
        return bench;
    }

    public ApiFormViewModel api() {
        return api;
    }

    public HfFormViewModel hf() {
        return hf;
    }

    public ContainerFormViewModel container() {
        return container;
    }

    public List<FormViewModel> forms() {
        return forms;
    }

    public ObjectProperty<FormViewModel> selectedFormProperty() {
        return selectedForm;
    }

    public FitLineViewModel fitLine() {
        return fitLine;
    }

    public PresetsViewModel presets() {
        return presets;
    }

    /** Engine processes interrupted runs left running, and the click that ends them. */
    public SurvivorsViewModel survivors() {
        return survivors;
    }

    public RunViewModel run() {
        return run;
    }

    /** The GPU processes of the running profile; a run resets them when it starts. */
    public dev.memlens.app.live.ProcessesViewModel processes() {
        return processes;
    }

    /** The live memory chart's state; a run resets it when it starts. */
    public LiveRunViewModel live() {
        return live;
    }

    /** Why Run is disabled, in words ("Input length: '0' must be 1 or more"); empty when it can run. */
    public StringBinding runBlockedReasonProperty() {
        return runBlockedReason;
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    public FormViewModel form(String mode) {
        return forms.stream().filter(f -> f.mode().equals(mode)).findFirst().orElse(null);
    }

    /** Background work at start: the HF cache listing, GPU detection, presets. */
    public void start() {
        modelPicker.loadCachedModels();
        gpuPicker.detect();
        presets.refresh();
        modelPicker.refreshPreview();
    }

    /** Runs the selected form's workload; the result opens in the results view (onRunEnd). */
    public void runSelected() {
        if (!canRun.get()) {
            return;
        }
        FormViewModel form = selectedForm.get();
        rememberForm(form);
        var workload = form.createWorkload();
        dev.memlens.core.ssh.SshHost host;
        try {
            host = target.openForRun();
        } catch (dev.memlens.core.ssh.SshException e) {
            target.statusProperty().set(e.getMessage());
            return;
        }
        GpuSamplerOptions sampling = host == null
                ? gpuPicker.samplerOptions(GpuSamplerOptions.defaults(services.environment())
                        .withIntervalMs(Long.parseLong(form.intervalMs.get().trim()))
                        .withSource(form.gpuSource.get().trim()))
                : GpuSamplerOptions.defaults(services.environment())
                        .withIntervalMs(Long.parseLong(form.intervalMs.get().trim())).withHost(host);
        SessionSettings session = new SessionSettings(services.runsDir(), sampling,
                services.samplerFactory(), services.environment(), timeout(form), null, null);
        var estimate = form.estimateRequest();
        if (estimate != null && gpuPicker.gpuTotalBytes() != null) {
            estimate = estimate.withGpuTotalBytes(gpuPicker.gpuTotalBytes());
        }
        String model = modelPicker.modelProperty().get();
        live.reset(model == null || model.isBlank() ? form.title()
                : dev.memlens.app.ModelLabel.of(model) + " · " + form.title());
        live.engineBudgetProperty().set(form.engineBudget());
        processes.reset();
        Consumer<RunResult> end = host == null ? onRunEnd : result -> {
            executor.submit(BackgroundTask.of("Close the ssh connection", () -> {
                host.close();
                return null;
            }));
            onRunEnd.accept(result);
        };
        run.start(new RunViewModel.RunRequest(form.title(), workload, session, modelPicker.specProperty().get(),
                estimate), end);
    }

    private static Duration timeout(FormViewModel form) {
        Integer s = FieldRules.optionalInt(form.timeoutSeconds.get());
        return s == null ? null : Duration.ofSeconds(s);
    }

    public void cancel() {
        run.cancel();
    }

    private FormPreset currentPreset() {
        FormViewModel f = selectedForm.get();
        return new FormPreset("current", f.mode(), f.values());
    }

    private void loadPreset(FormPreset preset) {
        FormViewModel f = form(preset.mode());
        if (f != null) {
            f.apply(preset.values());
            selectedForm.set(f);
        }
    }

    /** Recovers runs a crashed MemLens left as journals, in the background; then() runs when there were any. */
    public void recoverInterruptedRuns(Consumer<List<Path>> then) {
        Path runs = services.runsDir();
        executor.submit(BackgroundTask.of("Recover interrupted runs", () -> JournalRecovery.recover(runs))
                .onSuccess(result -> {
                    survivors.show(result.survivors());
                    then.accept(result.reports());
                }));
    }

    /** Reads settings.json (a missing or damaged one means defaults) and applies the last mode and values. */
    public void loadSettings(Consumer<WorkbenchSettings> then) {
        executor.submit(BackgroundTask.of("Read the settings", settingsStore::load)
                .onSuccess(s -> {
                    applySettings(s);
                    then.accept(s);
                }));
    }

    void applySettings(WorkbenchSettings s) {
        settings = s;
        s.lastValues().forEach((mode, values) -> {
            FormViewModel f = form(mode);
            if (f != null) {
                f.apply(values);
            }
        });
        FormViewModel last = s.lastMode() == null ? null : form(s.lastMode());
        if (last != null) {
            selectedForm.set(last);
        }
    }

    /** The settings as they stand now: every form's values, the selected mode, and the window's bounds. */
    public WorkbenchSettings currentSettings(WorkbenchSettings.WindowBounds window) {
        WorkbenchSettings s = settings;
        for (FormViewModel f : forms) {
            s = s.withForm(f.mode(), f.values());
        }
        s = s.withLastMode(selectedForm.get().mode());
        return window == null ? s : s.withWindow(window);
    }

    /** Writes settings.json in the background (called on each run and when the window closes). */
    public void saveSettings(WorkbenchSettings.WindowBounds window) {
        WorkbenchSettings s = currentSettings(window);
        settings = s;
        executor.submit(BackgroundTask.of("Save the settings", () -> {
            settingsStore.save(s);
            return null;
        }));
    }

    /** Writes settings.json now, on this thread: the app calls it once while closing, when no executor runs. */
    public void saveSettingsNow(WorkbenchSettings.WindowBounds window) throws java.io.IOException {
        settings = currentSettings(window);
        settingsStore.save(settings);
    }

    public WorkbenchSettings settings() {
        return settings;
    }

    private void rememberForm(FormViewModel form) {
        settings = settings.withForm(form.mode(), form.values());
        saveSettings(settings.window());
    }
}
