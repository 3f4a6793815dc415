package dev.memlens.tools;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.MemoryUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Renders the documentation screenshots headless (Monocle, software pipeline):
 * {@code java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -cp ... dev.memlens.tools.Screenshots docs/screenshots}.
 */
public final class Screenshots {
    private Screenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                MainViewModel vm = new MainViewModel(new SameThreadTaskExecutor(),
                        new RecentFiles(Files.createTempFile("memlens-recent", ".txt")));
                Scene scene = MemLensApp.createScene(vm);
                Stage stage = new Stage();
                stage.setScene(scene);
                stage.show();
                vm.openSample();
                var results = vm.results();
                results.unitProperty().set(MemoryUnit.GB);
                results.calculatorField(MemoryComponent.WEIGHTS).set("13.48");
                results.calculatorField(MemoryComponent.KV_CACHE).set("2.15");
                results.calculatorField(MemoryComponent.ACTIVATIONS).set("0.27");
                results.calculatorField(MemoryComponent.FRAMEWORK_OVERHEAD).set("2.34");
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                Platform.runLater(() -> {
                    try {
                        Files.write(out.resolve("results.png"), MainView.png(scene.getRoot()));
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        done.countDown();
                    }
                });
            } catch (Exception e) {
                e.printStackTrace();
                done.countDown();
            }
        });
        done.await(60, TimeUnit.SECONDS);
        Platform.exit();
    }
}
