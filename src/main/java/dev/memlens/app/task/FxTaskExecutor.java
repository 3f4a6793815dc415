package dev.memlens.app.task;

import dev.memlens.core.process.ProgramThreads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.concurrent.Task;

/** Runs tasks as javafx.concurrent.Task on named daemon threads; callbacks arrive on the FX thread. */
public final class FxTaskExecutor implements TaskExecutor {
    private static final Logger LOG = Logger.getLogger(FxTaskExecutor.class.getName());
    private final ExecutorService pool;

    public FxTaskExecutor() {
        pool = Executors.newCachedThreadPool(ProgramThreads.factory("memlens-task"));
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
        try {
            pool.execute(fx);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // after shutdown (the window is closing): a late follow-up of a finished task has nothing left to do
            LOG.log(Level.FINE, task.title() + " not started: the executor is shut down");
        }
    }

    @Override
    public void shutdown() {
        pool.shutdownNow();
    }
}
