package dev.memlens.bench;

import dev.memlens.app.live.LiveRunView;
import dev.memlens.app.live.LiveRunViewModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Replay benchmark of the live chart (not a test; run by hand):
 * <pre>
 * java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Dheadless.geometry=1600x1200-32 \
 *      -cp target/classes:target/test-classes:$(cat cp.txt) dev.memlens.bench.LiveChartBench [--raw] [--paced]
 *      [--gpus 8] [--hz 20] [--seconds 3600] [--steady-seconds 30]
 * </pre>
 * A synthetic one-hour, 20 Hz, eight-GPU vLLM-like run (576,000 samples) goes into LiveRunViewModel + LiveRunView in a
 * 1280x720 window, whole-run view. Stage 1 floods it from a producer thread as fast as possible (or, with --paced,
 * 160 samples per 50 ms, twenty times real time). Stages 2 and 3 then go on at real time (8 samples per 50 ms) with
 * the hour loaded, showing the whole run and then following the newest 120 s. Per stage: FX pulse intervals (time
 * between pulse starts, measured by an AnimationTimer that runs first in each pulse) and the pulse's own work on the
 * FX thread (from that timer to the scene's post-layout listener, which runs after ChartFX drew its canvas).
 * --raw turns the view's decimation off: the datasets then grow with every point (ChartFX point reduction only).
 */
public final class LiveChartBench {
    private static final int FRAME_BUDGET_MS = 50;

    private final long[] pulseStart = new long[200_000];
    private final long[] pulseWork = new long[200_000];
    private final long[] pulseRefresh = new long[200_000];
    private final long[] pulseCpu = new long[200_000];
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    private long currentPulseCpu;
    private final boolean[] pulseRedrew = new boolean[200_000];
    private volatile int frames;
    private long currentPulseStart;
    private long currentRefreshEnd;
    private long lastRefreshes;
    private LiveRunView benchedView;

    private LiveChartBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean raw = has(args, "--raw");
        boolean paced = has(args, "--paced");
        int gpus = intArg(args, "--gpus", 8);
        int hz = intArg(args, "--hz", 20);
        int seconds = intArg(args, "--seconds", 3600);
        int steadySeconds = intArg(args, "--steady-seconds", 30);
        new LiveChartBench().run(raw, paced, gpus, hz, seconds, steadySeconds);
    }

    private void run(boolean raw, boolean paced, int gpus, int hz, int seconds, int steadySeconds) throws Exception {
        System.out.printf(Locale.ROOT, "# live chart bench: %s, %s, %d GPUs x %d Hz x %d s = %d samples; java %s; %d cpus%n",
                raw ? "raw datasets (before)" : "min/max decimation (after)", paced ? "paced 160/50ms" : "flood",
                gpus, hz, seconds, (long) gpus * hz * seconds, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        LiveRunViewModel vm = new LiveRunViewModel(Platform::runLater);
        CountDownLatch shown = new CountDownLatch(1);
        LiveRunView[] view = new LiveRunView[1];
        Platform.runLater(() -> {
            // started before the view's own timer, so it runs first in every pulse
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    currentPulseStart = System.nanoTime();
                    currentPulseCpu = threadBean.getCurrentThreadCpuTime();
                }
            }.start();
            view[0] = new LiveRunView(vm, !raw);
            benchedView = view[0];
            Scene scene = dev.memlens.app.MemLensApp.styledScene(view[0], 1280, 720);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            // started after the view's timer: runs right after the view brought its datasets up to date
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    currentRefreshEnd = System.nanoTime();
                }
            }.start();
            scene.addPostLayoutPulseListener(this::pulseDone);
            vm.reset("bench");
            vm.followNewestProperty().set(false);
            shown.countDown();
        });
        shown.await();
        SyntheticVllmRun runShape = new SyntheticVllmRun(gpus, hz);
        int ticks = hz * seconds;
        long samples = (long) gpus * ticks;

        // stage 1: the hour
        int firstFrame = frames;
        long wallStart = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] producerCpu = new long[1];
        if (paced) {
            int ticksPerFrame = Math.max(1, 160 / gpus);
            pacedPlay(runShape, vm, 0, ticks, ticksPerFrame);
        } else {
            Thread producer = new Thread(() -> {
                long cpu0 = threads.getCurrentThreadCpuTime();
                runShape.play(vm, 0, ticks);
                producerCpu[0] = threads.getCurrentThreadCpuTime() - cpu0;
            }, "bench-sampler");
            producer.start();
            producer.join();
        }
        long producedNanos = System.nanoTime() - wallStart;
        awaitApplied(vm, view[0], samples);
        long appliedNanos = System.nanoTime() - wallStart;
        report("1 " + (paced ? "paced 20x real time" : "flood") + ", whole run", firstFrame);
        System.out.printf(Locale.ROOT, "  producer: %.2f s wall for %d samples = %.0f ns/sample wall%s; all applied and drawn after %.2f s%n",
                producedNanos / 1e9, samples, producedNanos / (double) samples,
                paced ? "" : String.format(Locale.ROOT, ", %.0f ns/sample producer CPU", producerCpu[0] / (double) samples),
                appliedNanos / 1e9);

        // stages 2 and 3: the hour is loaded, samples go on at real time
        int steadyTicks = hz * steadySeconds;
        firstFrame = frames;
        pacedPlay(runShape, vm, ticks, ticks + steadyTicks, 1);
        awaitApplied(vm, view[0], samples + (long) gpus * steadyTicks);
        report("2 real time after the hour, whole run", firstFrame);
        onFx(() -> vm.followNewestProperty().set(true));
        firstFrame = frames;
        pacedPlay(runShape, vm, ticks + steadyTicks, ticks + 2 * steadyTicks, 1);
        awaitApplied(vm, view[0], samples + 2L * gpus * steadyTicks);
        report("3 real time after the hour, follow 120 s", firstFrame);

        int[] points = new int[1];
        onFx(() -> points[0] = view[0].pointsInDatasets());
        System.gc();
        Thread.sleep(200);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "  end: %d points in the ChartFX datasets; heap used after GC %.1f MiB%n",
                points[0], heap / 1048576.0);
        Platform.exit();
        System.exit(0);
    }

    private void pulseDone() {
        int f = frames;
        if (f < pulseStart.length && currentPulseStart != 0) {
            pulseStart[f] = currentPulseStart;
            pulseWork[f] = System.nanoTime() - currentPulseStart;
            pulseCpu[f] = threadBean.getCurrentThreadCpuTime() - currentPulseCpu;
            pulseRefresh[f] = Math.max(0, currentRefreshEnd - currentPulseStart);
            long refreshes = benchedView.refreshes();
            pulseRedrew[f] = refreshes != lastRefreshes;
            lastRefreshes = refreshes;
            frames = f + 1;
        }
        currentPulseStart = 0;
    }

    /** Plays {@code ticksPerFrame} ticks every 50 ms from a sampler thread; catches up when late. */
    private static void pacedPlay(SyntheticVllmRun run, LiveRunViewModel vm, int from, int to, int ticksPerFrame)
            throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger(from);
        CountDownLatch done = new CountDownLatch(1);
        long t0 = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            int due = (int) Math.min(to, from + ((System.nanoTime() - t0) / 50_000_000L + 1) * ticksPerFrame);
            int start = next.get();
            if (due > start) {
                run.play(vm, start, due);
                next.set(due);
            }
            if (due >= to) {
                done.countDown();
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        done.await();
        timer.shutdownNow();
    }

    private static void awaitApplied(LiveRunViewModel vm, LiveRunView view, long samples) throws Exception {
        while (true) {
            boolean[] ok = new boolean[1];
            onFx(() -> ok[0] = vm.samplesReceivedProperty().get() >= samples && view.upToDate());
            if (ok[0]) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static void onFx(Runnable r) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                latch.countDown();
            }
        });
        latch.await();
    }

    private void report(String stage, int fromFrame) throws InterruptedException {
        int to = frames;
        int n = to - fromFrame;
        if (n < 2) {
            System.out.println("stage " + stage + ": fewer than two pulses");
            return;
        }
        double[] intervals = new double[n - 1];
        int redraws = 0;
        for (int i = 0; i < n; i++) {
            redraws += pulseRedrew[fromFrame + i] ? 1 : 0;
            if (i > 0) {
                intervals[i - 1] = (pulseStart[fromFrame + i] - pulseStart[fromFrame + i - 1]) / 1e6;
            }
        }
        double[] work = new double[Math.max(1, redraws)];
        double[] refresh = new double[Math.max(1, redraws)];
        double[] cpu = new double[Math.max(1, redraws)];
        int k = 0;
        for (int i = fromFrame; i < to; i++) {
            if (pulseRedrew[i]) {
                work[k] = pulseWork[i] / 1e6;
                refresh[k] = pulseRefresh[i] / 1e6;
                cpu[k] = pulseCpu[i] / 1e6;
                k++;
            }
        }
        System.out.printf(Locale.ROOT, "stage %s: %d pulses, %d with new data drawn%n", stage, n, redraws);
        System.out.println("  pulse interval ms (all pulses):       " + stats(intervals));
        System.out.println("  FX work per redraw pulse ms (total):  " + stats(work));
        System.out.println("    of it the view's refresh ms:        " + stats(refresh));
        System.out.println("  FX thread CPU per redraw pulse ms:    " + stats(cpu));
    }

    private static String stats(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        long over = Arrays.stream(v).filter(x -> x > FRAME_BUDGET_MS).count();
        return String.format(Locale.ROOT, "median %.1f  p99 %.1f  max %.1f  over %d ms: %d of %d",
                v[v.length / 2], v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.99) - 1)], v[v.length - 1],
                FRAME_BUDGET_MS, over, v.length);
    }

    private static boolean has(String[] args, String flag) {
        return Arrays.asList(args).contains(flag);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
