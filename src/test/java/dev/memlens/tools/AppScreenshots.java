package dev.memlens.tools;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.app.live.LiveRunView;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.app.workbench.CompositeSessionListener;
import dev.memlens.app.workbench.WorkbenchServices;
import dev.memlens.app.workbench.WorkbenchViewModel;
import dev.memlens.app.workbench.WorkbenchWiring;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * The README's screenshots of the whole window at 1280×720 and 1920×1080: Results (the bundled H200 sample with
 * calculator values), Profile (the Bench form, and a run against the stand-in vllm and nvidia-smi with the live
 * chart driven by a replayed two-GPU run), its Processes tab, History (two runs overlaid) and Latency (a recorded
 * bench report). Run under a display, e.g.
 * {@code xvfb-run -a -s "-screen 0 1920x1080x24" java -cp ... dev.memlens.tools.AppScreenshots docs/screenshots}.
 */
public final class AppScreenshots {
    private static final int[][] SIZES = {{1280, 720}, {1920, 1080}};

    private AppScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        int exit = 0;
        try {
            for (int[] size : SIZES) {
                render(out, size[0], size[1]);
            }
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        Platform.exit();
        System.exit(exit); // the stand-ins' threads must not keep the JVM alive

    }

    private static void render(Path out, int width, int height) throws Exception {
        String suffix = "-" + width + "x" + height + ".png";
        Path tmp = Files.createTempDirectory("memlens-shots");
        // a user's home in a temp folder: the window shows ~/models/…, ~/reports/… and ~/.local/share/memlens/runs,
        // never a checkout or temp path
        Path home = Files.createDirectories(tmp.resolve("home"));
        System.setProperty("user.home", home.toString());
        AppDirectories dirs = AppDirectories.from(Map.of(), home);
        Path model = Files.createDirectories(home.resolve("models/llama3-8b")).resolve("config.json");
        Files.copy(Resources.path("workbench/llama3-8b/config.json"), model);
        Path benchReport = Files.createDirectories(home.resolve("reports")).resolve("llama3-8b-vllm-bench.json");
        Files.copy(Resources.path("report/v2-enhanced.json"), benchReport);
        StandInExecutables bin = new StandInExecutables(tmp);
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
        env.put("STANDIN_STATE", tmp.toString());
        env.put("STANDIN_VLLM_MODE", "hang");
        env.put("HOME", home.toString());
        FxTaskExecutor executor = new FxTaskExecutor();
        RunLibrary runs = new RunLibrary(dirs.runsDir());
        Screenshots.saveExampleRuns(runs);
        CompletableFuture<Object[]> built = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                MainViewModel main = new MainViewModel(executor, new RecentFiles(dirs.configDir().resolve("recent.txt")),
                        runs);
                WorkbenchViewModel wb = WorkbenchWiring.create(new WorkbenchServices(env, dirs.runsDir(),
                        dirs.configDir(), null), executor, Platform::runLater, main);
                Scene scene = MemLensApp.createScene(main, wb);
                Stage stage = new Stage();
                stage.setScene(scene);
                stage.setWidth(width);
                stage.setHeight(height);
                stage.show();
                wb.start();
                built.complete(new Object[] {scene, main, wb, stage});
            } catch (Exception e) {
                built.completeExceptionally(e);
            }
        });
        Object[] parts = built.get(30, TimeUnit.SECONDS);
        Scene scene = (Scene) parts[0];
        MainViewModel main = (MainViewModel) parts[1];
        WorkbenchViewModel wb = (WorkbenchViewModel) parts[2];
        Stage stage = (Stage) parts[3];
        TabPane tabs = (TabPane) scene.lookup("#mainTabs");

        // Profile: the Bench form filled in
        WorkbenchScreenshots.onFx(() -> {
            wb.modelPicker().modelProperty().set("~/models/llama3-8b/config.json");
            wb.bench().inputLen.set("512");
            wb.bench().outputLen.set("128");
            wb.bench().batchSize.set("8");
            wb.bench().dtype.set("bfloat16");
        });
        WorkbenchScreenshots.waitUntil(() -> wb.modelPicker().specProperty().get() != null
                && wb.gpuPicker().choices().size() > 1);
        WorkbenchScreenshots.snapshot(scene, out.resolve("profile-form" + suffix));

        // Profile: a run going (stand-in vllm hanging after start-up); the chart replays a two-GPU run
        // the run's own budget events (from the replayed vLLM log) still reach the chart: its lines are the log's
        dev.memlens.core.run.SessionListener budgetOnly = new dev.memlens.core.run.SessionListener() {
            @Override
            public void onEngineBudget(dev.memlens.core.vllm.breakdown.EngineBudget budget) {
                wb.live().onEngineBudget(budget);
            }
        };
        WorkbenchScreenshots.onFx(() -> {
            wb.run().sessionListeners().remove(wb.live());
            wb.run().sessionListeners().add(budgetOnly);
            // the replayed run fills both GPUs, so it is a tensor-parallel-2 run: the budget is on both
            wb.bench().tensorParallel.set("2");
        });
        WorkbenchScreenshots.onFx(wb::runSelected);
        WorkbenchScreenshots.waitUntil(() -> wb.run().log().size() > 25 && !wb.processes().rows().isEmpty()
                && wb.live().engineBudgetProperty().get() != null && wb.live().engineBudgetProperty().get().source()
                == dev.memlens.core.vllm.breakdown.EngineBudget.Source.ENGINE_LOG);
        CompositeSessionListener replay = new CompositeSessionListener();
        replay.add(wb.live());
        LiveRunScreenshot.render(replay, wb.live(), (LiveRunView) scene.lookup("#liveRunView"), scene::getRoot,
                out.resolve("profile-live" + suffix));
        WorkbenchScreenshots.onFx(() -> ((TabPane) scene.lookup("#workbenchTabs")).getSelectionModel().select(2));
        WorkbenchScreenshots.snapshot(scene, out.resolve("processes" + suffix));
        WorkbenchScreenshots.onFx(wb::cancel);
        WorkbenchScreenshots.waitUntil(() -> !wb.run().runningProperty().get());

        // Results: the bundled sample with a calculator's values
        WorkbenchScreenshots.onFx(main::openSample);
        WorkbenchScreenshots.waitUntil(() -> main.results().reportProperty().get() != null
                && main.results().reportProperty().get().model().name().startsWith("Llama-2-7B"));
        WorkbenchScreenshots.onFx(() -> {
            tabs.getSelectionModel().select(1);
            var r = main.results();
            r.calculatorField(MemoryComponent.WEIGHTS).set("12.55");
            r.calculatorField(MemoryComponent.KV_CACHE).set("2.00");
            r.calculatorField(MemoryComponent.ACTIVATIONS).set("0.25");
            r.calculatorField(MemoryComponent.FRAMEWORK_OVERHEAD).set("2.18");
        });
        WorkbenchScreenshots.snapshot(scene, out.resolve("results" + suffix));

        // Latency: a recorded vLLM bench report
        WorkbenchScreenshots.onFx(() -> main.open(benchReport));
        WorkbenchScreenshots.waitUntil(() -> main.currentFileProperty().get() != null);
        WorkbenchScreenshots.onFx(() -> ((MainView) scene.getRoot()).resultsView().lowerTabs().getSelectionModel()
                .select(1));
        WorkbenchScreenshots.snapshot(scene, out.resolve("latency" + suffix));

        // History: two runs of one model overlaid
        WorkbenchScreenshots.onFx(() -> {
            main.history().refresh();
            tabs.getSelectionModel().select(2);
        });
        WorkbenchScreenshots.waitUntil(() -> main.history().entries().size() > 3);
        WorkbenchScreenshots.onFx(() -> {
            main.history().selectedEntries().setAll(main.history().entries().stream()
                    .filter(e -> "Llama-2-7B".equals(e.model())).toList());
            main.history().compareSelected();
        });
        WorkbenchScreenshots.waitUntil(() -> main.history().overlayProperty().get() != null);
        // the crosshair where both runs are generating, as a pointer would put it
        WorkbenchScreenshots.onFx(() -> ((io.fair_acc.chartfx.XYChart) scene.lookup("#overlayTimeline")).getPlugins()
                .stream().filter(p -> p instanceof TimelineOverlay).map(p -> (TimelineOverlay) p).findFirst()
                .ifPresent(o -> o.showReadoutAt(12.0)));
        WorkbenchScreenshots.snapshot(scene, out.resolve("history" + suffix));
        WorkbenchScreenshots.onFx(stage::hide);
        executor.shutdown();
    }

}
