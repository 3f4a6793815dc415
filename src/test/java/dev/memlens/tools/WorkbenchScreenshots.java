package dev.memlens.tools;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.live.LiveRunView;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.app.workbench.CompositeSessionListener;
import dev.memlens.app.workbench.WorkbenchServices;
import dev.memlens.app.workbench.WorkbenchViewModel;
import dev.memlens.app.workbench.WorkbenchWiring;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;

/**
 * The Profile tab's screenshots, with the stand-in vllm (hanging after start-up, so the run stays mid-way) and
 * nvidia-smi: form.png (the Bench form filled in) and live-run.png (a run in progress, its log showing, the live
 * chart showing a replayed two-GPU run mid-way: {@link LiveRunScreenshot}).
 * Called from {@link Screenshots#main}; must start on a thread other than the FX thread.
 */
final class WorkbenchScreenshots {
    private WorkbenchScreenshots() {
    }

    static void render(Path out) throws Exception {
        Path tmp = Files.createTempDirectory("memlens-shots");
        StandInExecutables bin = new StandInExecutables(tmp);
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
        env.put("STANDIN_STATE", tmp.toString());
        env.put("STANDIN_VLLM_MODE", "hang");
        env.put("HOME", tmp.resolve("home").toString());
        FxTaskExecutor executor = new FxTaskExecutor();
        Path runs = tmp.resolve("runs");
        CompletableFuture<Object[]> built = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                MainViewModel main = new MainViewModel(executor, new RecentFiles(tmp.resolve("recent.txt")), new RunLibrary(runs));
                WorkbenchViewModel wb = WorkbenchWiring.create(new WorkbenchServices(env, runs, tmp.resolve("config"), null),
                        executor, Platform::runLater, main);
                Scene scene = MemLensApp.createScene(main, wb);
                Stage stage = new Stage();
                stage.setScene(scene);
                stage.show();
                wb.start();
                wb.modelPicker().modelProperty().set(Resources.path("workbench/llama3-8b/config.json").toString());
                wb.bench().inputLen.set("512");
                wb.bench().outputLen.set("128");
                wb.bench().batchSize.set("8");
                wb.bench().dtype.set("bfloat16");
                wb.bench().gpuMemoryUtilization.set("0.9");
                wb.bench().maxModelLen.set("4096");
                ((TitledPane) scene.lookup("#bench-advanced")).setExpanded(true);
                built.complete(new Object[] {scene, wb});
            } catch (Exception e) {
                built.completeExceptionally(e);
            }
        });
        Object[] parts = built.get(30, TimeUnit.SECONDS);
        Scene scene = (Scene) parts[0];
        WorkbenchViewModel wb = (WorkbenchViewModel) parts[1];
        waitUntil(() -> wb.modelPicker().specProperty().get() != null && wb.gpuPicker().choices().size() > 1);
        snapshot(scene, out.resolve("form.png"));
        // the stand-in's GPUs barely move: once its start-up log is in, a replayed two-GPU run drives the chart and
        // the phase (the stand-in's samples are kept off the chart)
        onFx(() -> wb.run().sessionListeners().remove(wb.live()));
        onFx(wb::runSelected);
        waitUntil(() -> wb.run().log().size() > 25);
        CompositeSessionListener replay = new CompositeSessionListener();
        replay.add(wb.live());
        replay.add(wb.run().sessionListeners());
        LiveRunScreenshot.render(replay, wb.live(), (LiveRunView) scene.lookup("#liveRunView"), scene::getRoot,
                out.resolve("live-run.png"));
        onFx(wb::cancel);
        waitUntil(() -> !wb.run().runningProperty().get());
        executor.shutdown();
    }

    static void onFx(Runnable r) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            r.run();
            f.complete(null);
        });
        f.get(10, TimeUnit.SECONDS);
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            Platform.runLater(() -> f.complete(condition.getAsBoolean()));
            if (f.get(10, TimeUnit.SECONDS)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the screenshot's state did not come within 30 s");
    }

    static void snapshot(Scene scene, Path file) throws Exception {
        CompletableFuture<byte[]> png = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                png.complete(MainView.png(scene.getRoot()));
            } catch (Exception e) {
                png.completeExceptionally(e);
            }
        });
        Files.write(file, png.get(10, TimeUnit.SECONDS));
    }
}
