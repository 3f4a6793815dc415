package dev.memlens.app.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.concurrent.Task;

/** Runs tasks as javafx.concurrent.Task on named daemon threads; callbacks arrive on the FX thread. */
public final class FxTaskExecutor implements TaskExecutor {
    private static final Logger LOG = Logger.getLogger(FxTaskExecutor.class.getName());
    private final ExecutorService pool;

    public FxTaskExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "memlens-task-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> LOG.log(Level.SEVERE, "uncaught in " + th.getName(), e));
            return t;
        };
        pool = Executors.newCachedThreadPool(threads);
    }

    @Override
    public <T> void submit(BackgroundTask<T> task) {
        Task<T> fx = new Task<>() {
            @Override
            protected T call() throws Exception {
                return task.work().call();
            }
        };
        fx.setOnSucceeded(e -> task.succeeded(fx.getValue()));
        fx.setOnFailed(e -> {
            LOG.log(Level.FINE, task.title() + " failed", fx.getException());
            task.failed(fx.getException());
        });
        pool.execute(fx);
    }

    @Override
    public void shutdown() {
        pool.shutdownNow();
    }
}
