package dev.memlens.app.task;

/**
 * The one seam for background work: the app runs tasks on worker threads with callbacks on the FX thread; tests
 * run them on the calling thread.
 */
public interface TaskExecutor {
    <T> void submit(BackgroundTask<T> task);

    void shutdown();
}
