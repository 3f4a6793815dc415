package dev.memlens.tools;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.app.workbench.TargetViewModel;
import dev.memlens.app.workbench.WorkbenchServices;
import dev.memlens.app.workbench.WorkbenchViewModel;
import dev.memlens.app.workbench.WorkbenchWiring;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.RealSshd;
import dev.memlens.testsupport.StandInExecutables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * docs/screenshots/ssh-target.png: the Profile tab with Target "SSH host", after "Test connection" against a real
 * sshd on 127.0.0.1 (generated keys, a generated ssh config for the alias gpu-box) whose sessions find the stand-in
 * nvidia-smi. {@code xvfb-run java -cp ... dev.memlens.tools.SshTargetScreenshot docs/screenshots}
 */
public final class SshTargetScreenshot {
    private SshTargetScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        Path tmp = Files.createTempDirectory("memlens-ssh-shot");
        StandInExecutables bin = new StandInExecutables(tmp.resolve("host"));
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        try (RealSshd sshd = RealSshd.start(tmp.resolve("sshd"), tmp.resolve("host/stand-in-bin"),
                Map.of("STANDIN_STATE", tmp.toString()))) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("PATH", "/usr/bin:/bin");
            FxTaskExecutor executor = new FxTaskExecutor();
            CompletableFuture<Object[]> built = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    Path runs = tmp.resolve("runs");
                    MainViewModel main = new MainViewModel(executor, new RecentFiles(tmp.resolve("recent.txt")),
                            new RunLibrary(runs));
                    WorkbenchViewModel wb = WorkbenchWiring.create(new WorkbenchServices(env, runs,
                            tmp.resolve("config"), null), executor, Platform::runLater, main);
                    Scene scene = MemLensApp.createScene(main, wb);
                    Stage stage = new Stage();
                    stage.setScene(scene);
                    stage.setWidth(1400);
                    stage.setHeight(900);
                    stage.show();
                    wb.start();
                    wb.target().targetProperty().set(TargetViewModel.Target.SSH_HOST);
                    wb.target().hostProperty().set(RealSshd.ALIAS);
                    wb.target().sshConfigProperty().set(sshd.config().toString());
                    wb.modelPicker().modelProperty().set(dev.memlens.testutil.Resources.path(
                            "workbench/llama3-8b/config.json").toString());
                    wb.bench().inputLen.set("512");
                    wb.bench().outputLen.set("128");
                    wb.bench().batchSize.set("8");
                    built.complete(new Object[] {scene, wb});
                } catch (Exception e) {
                    built.completeExceptionally(e);
                }
            });
            Object[] parts = built.get(30, TimeUnit.SECONDS);
            Scene scene = (Scene) parts[0];
            WorkbenchViewModel wb = (WorkbenchViewModel) parts[1];
            WorkbenchScreenshots.onFx(() -> wb.target().testConnection());
            WorkbenchScreenshots.waitUntil(() -> wb.target().statusProperty().get().startsWith("Connected"));
            WorkbenchScreenshots.snapshot(scene, out.resolve("ssh-target.png"));
            executor.shutdown();
        }
        Platform.exit();
    }
}
