package dev.memlens.tools;

import dev.memlens.app.live.LiveRunView;
import dev.memlens.app.live.LiveRunViewModel;
import dev.memlens.app.main.MainView;
import dev.memlens.bench.SyntheticVllmRun;
import dev.memlens.core.run.SessionListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;

/**
 * Renders {@code live-run.png}: a synthetic two-GPU vLLM-like run replayed from a sampler thread up to the middle of
 * its measuring phase, shown whole, with its phases and KV-cache usage. Runs after the toolkit has started.
 */
final class LiveRunScreenshot {
    static final int GPUS = 2;
    static final int HZ = 20;
    static final int SECONDS_PLAYED = 240;

    private LiveRunScreenshot() {
    }

    /**
     * Plays the run into {@code feed} as a session would (from another thread); {@code feed} reaches {@code vm}, and
     * possibly more listeners. Waits until {@code view} drew it, then saves the node.
     */
    static void render(SessionListener feed, LiveRunViewModel vm, LiveRunView view, Supplier<Node> shot, Path file)
            throws Exception {
        onFx(() -> {
            vm.reset("meta-llama/Llama-3.1-8B-Instruct · bench · 2 × H100 (replayed)");
            vm.followNewestProperty().set(false);
        });
        Thread sampler = new Thread(() -> new SyntheticVllmRun(GPUS, HZ).play(feed, 0, SECONDS_PLAYED * HZ + 1),
                "screenshot-sampler");
        sampler.start();
        sampler.join();
        long expected = (long) GPUS * (SECONDS_PLAYED * HZ + 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean[] ready = new boolean[1];
        while (!ready[0] && System.nanoTime() < deadline) {
            Thread.sleep(50);
            onFx(() -> ready[0] = vm.samplesReceivedProperty().get() == expected && view.upToDate());
        }
        Thread.sleep(200); // two more pulses so layout and the canvas catch up with the last refresh
        byte[][] png = new byte[1][];
        onFx(() -> {
            try {
                png[0] = MainView.png(shot.get());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.write(file, png[0]);
    }

    /** The live chart alone: {@code ... dev.memlens.tools.LiveRunScreenshot docs/screenshots/live-chart.png}. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "live-chart.png");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        LiveRunViewModel vm = new LiveRunViewModel(Platform::runLater);
        LiveRunView[] view = new LiveRunView[1];
        onFx(() -> {
            view[0] = new LiveRunView(vm);
            javafx.stage.Stage stage = new javafx.stage.Stage();
            stage.setScene(new javafx.scene.Scene(view[0], 1100, 520));
            stage.getScene().getStylesheets().add(MainView.class.getResource("/dev/memlens/app/memlens.css").toExternalForm());
            stage.show();
        });
        render(vm, vm, view[0], () -> view[0], file);
        Platform.exit();
    }

    static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                latch.countDown();
            }
        });
        if (!latch.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the FX thread did not answer in 30 s");
        }
    }
}
